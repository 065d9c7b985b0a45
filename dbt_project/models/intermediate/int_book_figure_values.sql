-- Every figure of the figure datasets with its family and kind and, for a printed percentage a
-- ratio rule ties to a part and a whole, that numerator and denominator and the recomputed
-- rate: the long form the family marts pivot, one row per period x dataset x figure x breakdown.
with figures as (
    select * from {{ ref('stg_book_figures') }}
),

catalog as (
    select * from {{ ref('stg_figure_catalog') }}
),

ratios as (
    select * from {{ ref('stg_rule_evaluations') }}
    where rule_kind = 'ratio'
),

subjects as (
    -- the figure as the rules name it: dataset.figure or dataset.figure[breakdown]
    select
        figures.*,
        figures.dataset || '.' || figures.figure
        || case when figures.breakdown = '' then '' else '[' || figures.breakdown || ']' end as subject
    from figures
)

select
    subjects.period,
    subjects.year,
    subjects.quarter,
    catalog.section,
    catalog.family,
    subjects.dataset,
    subjects.figure,
    subjects.breakdown,
    catalog.kind,
    subjects.value,
    subjects.value_text,
    ratios.numerator,
    ratios.denominator,
    {{ safe_divide('ratios.numerator', 'ratios.denominator') }} as rate,
    case when ratios.passed then 1 when not ratios.passed then 0 end as printed_rate_agrees,
    subjects.source_file,
    subjects.source_row
from subjects
inner join catalog
    on catalog.dataset = subjects.dataset
   and catalog.figure = subjects.figure
left join ratios
    on ratios.period = subjects.period
   and ratios.subject = subjects.subject
