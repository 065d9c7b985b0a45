-- The declared rules as applied at ingestion, one row per rule and set of figures.
with evaluations as (
    select * from {{ source('raw', 'rule_evaluations') }}
)

select
    evaluations.period,
    evaluations.year,
    evaluations.quarter,
    evaluations.dataset,
    evaluations.rule_id,
    evaluations.rule_kind,
    evaluations.severity,
    evaluations.description,
    evaluations.subject,
    evaluations.printed_value,
    evaluations.computed_value,
    evaluations.numerator,
    evaluations.denominator,
    evaluations.passed,
    evaluations.source_file,
    evaluations.source_row
from evaluations
