-- Sampling rows enriched with commodity attributes and the three rates.
select
    s.period,
    s.year,
    s.quarter,
    s.commodity_code,
    c.name_id                                          as commodity_name,
    c.name_en                                          as commodity_name_en,
    c.commodity_group,
    c.display_order                                    as commodity_display_order,
    s.sampling_method,
    s.sampled,
    s.tmk_tie,
    s.tmk_expired,
    s.tmk_damaged,
    s.tmk_total,
    s.tmk_label,
    s.entered_lab,
    s.tested,
    s.passed_ms,
    s.failed_tms,
    s.total_tms,
    s.unfinished,
    s.examined,
    {{ safe_divide('s.failed_tms', 's.examined') }}    as tms_rate,
    {{ safe_divide('s.failed_tms', 's.tested') }}      as lab_tms_rate,
    {{ safe_divide('s.total_tms', 's.examined') }}     as noncompliance_rate
from {{ ref('stg_sampling') }} as s
left join {{ ref('commodities') }} as c
    on c.code = s.commodity_code
