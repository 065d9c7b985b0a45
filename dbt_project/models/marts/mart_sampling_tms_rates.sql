-- TMS rates per period x commodity x sampling method, cumulative for the year, with the
-- quarter's own increment where the previous quarter of the same year is in the data.
with cur as (
    select * from {{ ref('int_sampling_rates') }}
)

select
    cur.period,
    cur.year,
    cur.quarter,
    cur.commodity_code,
    cur.commodity_name,
    cur.commodity_name_en,
    cur.commodity_group,
    cur.commodity_display_order,
    cur.sampling_method,
    cur.sampled,
    cur.tmk_tie,
    cur.tmk_expired,
    cur.tmk_damaged,
    cur.tmk_total,
    cur.tmk_label,
    cur.entered_lab,
    cur.tested,
    cur.passed_ms,
    cur.failed_tms,
    cur.total_tms,
    cur.unfinished,
    cur.examined,
    cur.tms_rate,
    cur.lab_tms_rate,
    cur.noncompliance_rate,
    prev.period is not null                       as has_previous_quarter,
    cur.sampled    - prev.sampled                 as sampled_in_quarter,
    cur.tmk_total  - prev.tmk_total               as tmk_total_in_quarter,
    cur.tested     - prev.tested                  as tested_in_quarter,
    cur.failed_tms - prev.failed_tms              as failed_tms_in_quarter,
    cur.total_tms  - prev.total_tms               as total_tms_in_quarter,
    cur.examined   - prev.examined                as examined_in_quarter,
    cur.tms_rate           - prev.tms_rate            as tms_rate_change,
    cur.lab_tms_rate       - prev.lab_tms_rate        as lab_tms_rate_change,
    cur.noncompliance_rate - prev.noncompliance_rate  as noncompliance_rate_change
from cur
left join cur as prev
    on prev.year = cur.year
   and prev.quarter = cur.quarter - 1
   and prev.commodity_code = cur.commodity_code
   and prev.sampling_method = cur.sampling_method
