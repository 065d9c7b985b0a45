-- The bab06_communication family's figures, wide: the columns are declared in mart_bab06_communication.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab06_communication') }}
