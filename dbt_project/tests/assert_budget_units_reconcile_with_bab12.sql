{{ config(meta={'dagster': {'ref': {'name': 'stg_budget_summary'}}}) }}
-- Lampiran II unit rows add up exactly to the BAB 12 group rows (Pusat, Balai, Loka) and, over
-- all units, to the BAB 12 total; every group with units must have a BAB 12 row and vice versa.
with summary as (
    select period, category_code as group_code, pagu, realisasi
    from {{ ref('stg_budget_summary') }}
    where dimension = 'group'
),

units as (
    select period, group_code, units_pagu, units_realisasi
    from {{ ref('int_budget_group_totals') }}
)

select
    coalesce(s.period, u.period)         as period,
    coalesce(s.group_code, u.group_code) as group_code,
    s.pagu, u.units_pagu, s.realisasi, u.units_realisasi
from summary as s
full outer join units as u
    on u.period = s.period
   and u.group_code = s.group_code
where s.pagu is distinct from u.units_pagu
   or s.realisasi is distinct from u.units_realisasi
