-- The bab01_postmarket family's figures, wide: the columns are declared in mart_bab01_postmarket.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab01_postmarket') }}
