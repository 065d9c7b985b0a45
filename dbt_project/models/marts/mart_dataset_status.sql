-- Per period and figure dataset: whether the warehouse holds it (in), is still waiting for it
-- (missing) or kept the previous figures because the last file was refused (refused).
with status as (
    select * from {{ ref('stg_dataset_status') }}
),

catalog as (
    select distinct catalog.dataset, catalog.section, catalog.family
    from {{ ref('stg_figure_catalog') }} as catalog
)

select
    status.period,
    {{ period_start('cast(substr(status.period, 1, 4) as integer)', 'cast(substr(status.period, 7, 1) as integer)') }}
        as period_start,
    catalog.section,
    catalog.family,
    status.dataset,
    status.status,
    status.rows,
    status.source_file,
    status.sha256,
    status.problems,
    status.first_problem
from status
left join catalog
    on catalog.dataset = status.dataset
order by status.period, catalog.section, status.dataset
