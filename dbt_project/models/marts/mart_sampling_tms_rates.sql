-- TMS rates per period x commodity x sampling method, cumulative for the year, with the
-- quarter's own increment where the previous quarter of the same year is in the data.
with cur as (
    select * from {{ ref('int_sampling_rates') }}
)

select
    cur.period,
    {{ period_start('cur.year', 'cur.quarter') }} as period_start,
    cur.year,
    cur.quarter,
    cur.commodity_code,
    cur.commodity_name,
    cur.commodity_name_en,
    cur.commodity_group,
    cur.commodity_display_order,
    cur.sampling_method,
    {{ sampling_counts_and_rates('cur') }}
    {{ sampling_quarter_changes('cur', 'prev') }}
from cur
{{ previous_quarter_join('cur', ['commodity_code', 'sampling_method']) }}
