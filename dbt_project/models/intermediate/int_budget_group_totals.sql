-- Sums of the Lampiran II unit rows per period x group, plus a 'total' row over all units.
with units as (
    select * from {{ ref('stg_budget_units') }}
),

by_group as (
    select
        period, year, quarter, group_code,
        count(*)            as units,
        sum(pagu)::bigint           as units_pagu,
        sum(pagu_adjusted)::bigint  as units_pagu_adjusted,
        sum(realisasi)::bigint      as units_realisasi
    from units
    group by period, year, quarter, group_code
),

total as (
    select
        period, year, quarter, 'total' as group_code,
        count(*) as units, sum(pagu)::bigint as units_pagu, sum(pagu_adjusted)::bigint as units_pagu_adjusted,
        sum(realisasi)::bigint as units_realisasi
    from units
    group by period, year, quarter
)

select * from by_group
union all
select * from total
