-- Every printed percentage the book's rules tie to its numerator and denominator: the printed
-- rate beside the recomputed one. Aggregate rates as sum(numerator) / sum(denominator).
with evaluations as (
    select * from {{ ref('stg_rule_evaluations') }}
)

select
    evaluations.period,
    {{ period_start('evaluations.year', 'evaluations.quarter') }} as period_start,
    evaluations.year,
    evaluations.quarter,
    evaluations.dataset,
    evaluations.rule_id,
    evaluations.subject,
    evaluations.description,
    evaluations.numerator,
    evaluations.denominator,
    {{ safe_divide('evaluations.numerator', 'evaluations.denominator') }} as rate,
    evaluations.printed_value / 100.0 as printed_rate,
    evaluations.passed as printed_rate_agrees,
    evaluations.source_file,
    evaluations.source_row
from evaluations
where evaluations.rule_kind = 'ratio'
order by evaluations.period, evaluations.dataset, evaluations.source_row
