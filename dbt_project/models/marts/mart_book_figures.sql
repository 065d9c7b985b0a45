-- One row per printed figure of the book: the figure datasets with their catalogue, and the
-- cells of the core tables, so a BI user can chart any number in the book.
with figures as (
    select * from {{ ref('stg_book_figures') }}
),

catalog as (
    select * from {{ ref('stg_figure_catalog') }}
),

core as (
    select * from {{ ref('int_core_book_figures') }}
),

declared as (
    select
        figures.period, figures.year, figures.quarter,
        catalog.section, catalog.family, figures.dataset, figures.figure, catalog.label, figures.breakdown,
        figures.value, figures.value_text, catalog.unit, catalog.kind, catalog.period_scope,
        figures.source_file, figures.source_row
    from figures
    left join catalog
        on catalog.dataset = figures.dataset
       and catalog.figure = figures.figure
),

all_figures as (
    select * from declared
    union all
    select
        core.period, core.year, core.quarter, core.section, core.family, core.dataset, core.figure, core.label,
        core.breakdown, core.value, core.value_text, core.unit, core.kind, core.period_scope,
        core.source_file, core.source_row
    from core
)

select
    all_figures.period,
    {{ period_start('all_figures.year', 'all_figures.quarter') }} as period_start,
    all_figures.year,
    all_figures.quarter,
    all_figures.section,
    all_figures.family,
    all_figures.dataset,
    all_figures.figure,
    all_figures.label,
    all_figures.breakdown,
    all_figures.value,
    all_figures.value_text,
    all_figures.unit,
    all_figures.kind,
    all_figures.period_scope,
    all_figures.source_file,
    all_figures.source_row
from all_figures
order by all_figures.period, all_figures.section, all_figures.dataset, all_figures.source_row, all_figures.figure
