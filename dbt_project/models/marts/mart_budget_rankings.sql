-- Budget realisation per period x spending unit, recomputed percentages and ranks.
with units as (
    select * from {{ ref('stg_budget_units') }}
),

groups as (
    select * from {{ ref('int_budget_group_totals') }}
),

cur as (
    select
        u.period,
        u.year,
        u.quarter,
        md5(concat_ws('|', u.group_code, u.unit_name))                   as unit_id,
        u.group_code,
        g_ref.label                                                      as group_label,
        u.unit_name,
        u.printed_rank,
        u.pagu,
        u.pagu_adjusted,
        u.realisasi,
        {{ safe_divide('u.realisasi', 'u.pagu') }}                       as realisasi_pct_of_pagu,
        {{ safe_divide('u.realisasi', 'u.pagu_adjusted') }}              as realisasi_pct_of_adjusted_pagu,
        u.printed_pct_of_pagu,
        u.printed_pct_of_adjusted_pagu,
        grp.units                                                        as group_units,
        grp.units_pagu                                                   as group_pagu,
        grp.units_pagu_adjusted                                          as group_pagu_adjusted,
        grp.units_realisasi                                              as group_realisasi,
        {{ safe_divide('grp.units_realisasi', 'grp.units_pagu') }}          as group_realisasi_pct_of_pagu,
        {{ safe_divide('grp.units_realisasi', 'grp.units_pagu_adjusted') }} as group_realisasi_pct_of_adjusted_pagu
    from units as u
    left join {{ ref('budget_unit_groups') }} as g_ref
        on g_ref.code = u.group_code
    left join groups as grp
        on grp.period = u.period
       and grp.group_code = u.group_code
),

ranked as (
    select
        *,
        dense_rank() over (
            partition by period, group_code
            order by realisasi_pct_of_adjusted_pagu desc nulls last
        )                                                                as rank_in_group,
        dense_rank() over (
            partition by period
            order by realisasi_pct_of_adjusted_pagu desc nulls last
        )                                                                as rank_overall,
        realisasi_pct_of_pagu - group_realisasi_pct_of_pagu              as distance_from_group_pct
    from cur
)

select
    r.period,
    {{ period_start('r.year', 'r.quarter') }} as period_start,
    r.year,
    r.quarter,
    r.unit_id,
    r.group_code,
    r.group_label,
    r.unit_name,
    r.printed_rank,
    r.pagu,
    r.pagu_adjusted,
    r.realisasi,
    r.realisasi_pct_of_pagu,
    r.realisasi_pct_of_adjusted_pagu,
    r.printed_pct_of_pagu,
    r.printed_pct_of_adjusted_pagu,
    r.rank_in_group,
    r.rank_in_group = r.printed_rank                                     as rank_matches_printed,
    r.rank_overall,
    r.group_units,
    r.group_pagu,
    r.group_pagu_adjusted,
    r.group_realisasi,
    r.group_realisasi_pct_of_pagu,
    r.group_realisasi_pct_of_adjusted_pagu,
    r.distance_from_group_pct,
    prev.period is not null                                              as has_previous_quarter,
    r.realisasi - prev.realisasi                                         as realisasi_in_quarter,
    r.realisasi_pct_of_pagu - prev.realisasi_pct_of_pagu                 as realisasi_pct_of_pagu_change,
    r.realisasi_pct_of_adjusted_pagu - prev.realisasi_pct_of_adjusted_pagu
                                                                         as realisasi_pct_of_adjusted_pagu_change,
    r.rank_in_group - prev.rank_in_group                                 as rank_in_group_change
from ranked as r
{{ previous_quarter_join('ranked', ['group_code', 'unit_name'], cur='r') }}
