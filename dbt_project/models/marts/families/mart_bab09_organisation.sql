-- The bab09_organisation family's figures, wide: the columns are declared in mart_bab09_organisation.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab09_organisation') }}
