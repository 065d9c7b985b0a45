-- In BAB 12 the groups add up to the 'total' row, the spending types add up to their 'total'
-- row, and both totals are the same agency total.
with s as (
    select * from {{ ref('stg_budget_summary') }}
),

parts as (
    select period, dimension, sum(pagu) as pagu, sum(realisasi) as realisasi
    from s where category_code <> 'total'
    group by period, dimension
),

totals as (
    select period, dimension, pagu, realisasi
    from s where category_code = 'total'
),

checks as (
    select coalesce(p.period, t.period) as period, coalesce(p.dimension, t.dimension) as dimension,
           'parts vs total' as check_name, p.pagu as left_pagu, t.pagu as right_pagu,
           p.realisasi as left_realisasi, t.realisasi as right_realisasi
    from parts as p
    full outer join totals as t
        on t.period = p.period and t.dimension = p.dimension
    union all
    select g.period, 'both' as dimension, 'group total vs spending-type total' as check_name,
           g.pagu as left_pagu, st.pagu as right_pagu, g.realisasi as left_realisasi, st.realisasi as right_realisasi
    from totals as g
    full outer join totals as st
        on st.period = g.period and st.dimension = 'spending_type'
    where g.dimension = 'group'
)

select *
from checks
where left_pagu is distinct from right_pagu
   or left_realisasi is distinct from right_realisasi
