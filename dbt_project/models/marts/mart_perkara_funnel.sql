-- Criminal-case funnel per period x stage, in stage order.
with staged as (
    select
        p.period, p.year, p.quarter,
        p.stage_code,
        s.stage_order,
        s.label        as stage_label,
        s.description  as stage_description,
        p.cases_in_stage
    from {{ ref('stg_perkara') }} as p
    left join {{ ref('perkara_stages') }} as s
        on s.code = p.stage_code
),

reached as (
    select
        *,
        sum(cases_in_stage) over (
            partition by period order by stage_order desc
            rows between unbounded preceding and current row
        )::bigint                                           as cases_reached_stage,
        sum(cases_in_stage) over (partition by period)::bigint as total_cases
    from staged
),

cur as (
    select
        *,
        {{ safe_divide('cases_in_stage', 'total_cases') }}  as share_of_cases,
        {{ safe_divide('cases_reached_stage',
            'lag(cases_reached_stage) over (partition by period order by stage_order)') }}
                                                            as conversion_from_previous
    from reached
)

select
    cur.period,
    {{ period_start('cur.year', 'cur.quarter') }} as period_start,
    cur.year,
    cur.quarter,
    cur.stage_code,
    cur.stage_order,
    cur.stage_label,
    cur.stage_description,
    cur.cases_in_stage,
    cur.cases_reached_stage,
    cur.total_cases,
    cur.share_of_cases,
    cur.conversion_from_previous,
    prev.period is not null                                        as has_previous_quarter,
    cur.cases_in_stage      - prev.cases_in_stage                  as cases_in_stage_change,
    cur.cases_reached_stage - prev.cases_reached_stage             as cases_reached_stage_in_quarter,
    cur.total_cases         - prev.total_cases                     as total_cases_in_quarter,
    cur.share_of_cases      - prev.share_of_cases                  as share_of_cases_change,
    cur.conversion_from_previous - prev.conversion_from_previous   as conversion_from_previous_change
from cur
{{ previous_quarter_join('cur', ['stage_code']) }}
order by cur.period, cur.stage_order
