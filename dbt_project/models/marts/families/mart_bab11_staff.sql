-- The bab11_staff family's figures, wide: the columns are declared in mart_bab11_staff.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab11_staff') }}
