-- The bab02_penindakan family's figures, wide: the columns are declared in mart_bab02_penindakan.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab02_penindakan') }}
