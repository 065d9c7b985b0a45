-- Sampling totals per period x method ('targeted', 'random', 'all'), rates recomputed from sums
-- (the book's headline: sum g / sum j).
with rows_ as (
    select * from {{ ref('int_sampling_rates') }}
),

sums as (
    select
        period, year, quarter,
        coalesce(sampling_method, 'all')  as sampling_method,
        count(*)                          as commodity_rows,
        sum(sampled)::bigint      as sampled,
        sum(tmk_tie)::bigint      as tmk_tie,
        sum(tmk_expired)::bigint  as tmk_expired,
        sum(tmk_damaged)::bigint  as tmk_damaged,
        sum(tmk_total)::bigint    as tmk_total,
        sum(tmk_label)::bigint    as tmk_label,
        sum(entered_lab)::bigint  as entered_lab,
        sum(tested)::bigint       as tested,
        sum(passed_ms)::bigint    as passed_ms,
        sum(failed_tms)::bigint   as failed_tms,
        sum(total_tms)::bigint    as total_tms,
        sum(unfinished)::bigint   as unfinished,
        sum(examined)::bigint     as examined
    from rows_
    group by grouping sets ((period, year, quarter, sampling_method), (period, year, quarter))  -- noqa: PRS
),

cur as (
    select
        *,
        {{ safe_divide('failed_tms', 'examined') }} as tms_rate,
        {{ safe_divide('failed_tms', 'tested') }}   as lab_tms_rate,
        {{ safe_divide('total_tms', 'examined') }}  as noncompliance_rate
    from sums
)

select
    cur.period,
    {{ period_start('cur.year', 'cur.quarter') }} as period_start,
    cur.year,
    cur.quarter,
    cur.sampling_method,
    cur.commodity_rows,
    {{ sampling_counts_and_rates('cur') }}
    {{ sampling_quarter_changes('cur', 'prev') }}
from cur
{{ previous_quarter_join('cur', ['sampling_method']) }}
