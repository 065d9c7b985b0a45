-- One row per period and broken rule: the book's declared arithmetic that a printed figure does
-- not satisfy (a finding is published, not refused), and the printed RKP capaian that disagree
-- with their own target and realisasi.
with evaluations as (
    select * from {{ ref('stg_rule_evaluations') }}
),

rkp as (
    select * from {{ ref('int_rkp_indicators_evaluated') }}
),

declared as (
    select
        evaluations.period, evaluations.year, evaluations.quarter, evaluations.dataset, evaluations.rule_id,
        evaluations.rule_kind, evaluations.severity, evaluations.description, evaluations.subject,
        evaluations.printed_value, evaluations.computed_value, evaluations.source_file, evaluations.source_row
    from evaluations
    where not evaluations.passed
),

capaian as (
    select
        rkp.period, rkp.year, rkp.quarter,
        'rkp_indicators' as dataset,
        'capaian_equals_realisasi_over_target' as rule_id,
        'ratio' as rule_kind,
        'finding' as severity,
        'Capaian yang dicetak sama dengan realisasi / target x 100' as description,
        rkp.indicator as subject,
        {{ round_double('rkp.capaian_printed * 100', 2) }} as printed_value,
        {{ round_double('rkp.capaian_recomputed * 100', 2) }} as computed_value,
        rkp.source_file, rkp.source_row
    from rkp
    where rkp.capaian_mismatch
)

select
    findings.period,
    {{ period_start('findings.year', 'findings.quarter') }} as period_start,
    findings.year,
    findings.quarter,
    findings.dataset,
    findings.rule_id,
    findings.rule_kind,
    findings.severity,
    findings.description,
    findings.subject,
    findings.printed_value,
    findings.computed_value,
    findings.printed_value - findings.computed_value as difference,
    findings.source_file,
    findings.source_row
from (select * from declared union all select * from capaian) as findings
order by findings.period, findings.dataset, findings.source_row, findings.rule_id
