-- The bab07_digital family's figures, wide: the columns are declared in mart_bab07_digital.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab07_digital') }}
