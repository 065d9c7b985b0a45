-- The headline family's figures, wide: the columns are declared in mart_headline.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('headline') }}
