-- The bab08_regulation family's figures, wide: the columns are declared in mart_bab08_regulation.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab08_regulation') }}
