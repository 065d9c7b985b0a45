-- Every printed figure of the figure datasets, one row per period x dataset x figure x breakdown.
with figures as (
    {{ union_figure_datasets() }}
)

select
    figures.period,
    figures.year,
    figures.quarter,
    figures.dataset,
    figures.figure,
    figures.breakdown,
    figures.value_text,
    figures.value,
    figures.source_file,
    figures.source_row
from figures
