-- The bab03_05_standards_research family's figures, wide: the columns are declared in mart_bab03_05_standards_research.yml
-- (generated from the dataset specs by orchestration/warehouse/family_marts.py).
{{ figure_family_mart('bab03_05_standards_research') }}
