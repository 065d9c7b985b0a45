-- The bab01_premarket family's figures, wide: the columns are declared in mart_bab01_premarket.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab01_premarket') }}
