-- BAB 12 budget summary per period, by unit group and by spending type, reconciled with the
-- unit rows of Lampiran II for the group dimension.
with summary as (
    select * from {{ ref('stg_budget_summary') }}
),

labels as (
    select 'group' as dimension, code, label, label_en, display_order from {{ ref('budget_unit_groups') }}
    union all
    select 'spending_type' as dimension, code, label, label_en, display_order from {{ ref('spending_types') }}
),

cur as (
    select
        s.period,
        s.year,
        s.quarter,
        s.dimension,
        s.category_code,
        l.label                                                as category_label,
        l.label_en                                             as category_label_en,
        l.display_order                                        as category_order,
        s.category_submitted,
        s.pagu,
        s.realisasi,
        {{ safe_divide('s.realisasi', 's.pagu') }}             as realisasi_pct,
        s.printed_pct,
        case when s.dimension = 'group' then g.units_pagu end      as units_pagu,
        case when s.dimension = 'group' then g.units_realisasi end as units_realisasi
    from summary as s
    left join labels as l
        on l.dimension = s.dimension
       and l.code = s.category_code
    left join {{ ref('int_budget_group_totals') }} as g
        on g.period = s.period
       and g.group_code = s.category_code
       and s.dimension = 'group'
)

select
    cur.period,
    {{ period_start('cur.year', 'cur.quarter') }} as period_start,
    cur.year,
    cur.quarter,
    cur.dimension,
    cur.category_code,
    cur.category_label,
    cur.category_label_en,
    cur.category_order,
    cur.category_submitted,
    cur.pagu,
    cur.realisasi,
    cur.realisasi_pct,
    cur.printed_pct,
    abs(cur.realisasi_pct * 100 - cur.printed_pct * 100) <= 0.005 + 1e-9   as printed_pct_matches,
    cur.units_pagu,
    cur.units_realisasi,
    case
        when cur.dimension = 'group'
            then coalesce(cur.pagu = cur.units_pagu and cur.realisasi = cur.units_realisasi, false)
    end                                                                    as reconciles_with_units,
    prev.period is not null                                                as has_previous_quarter,
    cur.realisasi - prev.realisasi                                         as realisasi_in_quarter,
    cur.realisasi_pct - prev.realisasi_pct                                 as realisasi_pct_change
from cur
{{ previous_quarter_join('cur', ['dimension', 'category_code']) }}
