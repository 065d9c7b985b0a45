-- The bab10_cooperation family's figures, wide: the columns are declared in mart_bab10_cooperation.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab10_cooperation') }}
