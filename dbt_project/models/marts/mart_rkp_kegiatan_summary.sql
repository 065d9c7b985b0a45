-- Indicator counts per period x program x kegiatan; program-level indicators form their own
-- row with kegiatan_code NULL and kegiatan_name '(program-level indicators)'.
select
    period,
    {{ period_start('year', 'quarter') }} as period_start,
    year,
    quarter,
    program_code,
    {{ any_value('program_name') }}                           as program_name,
    kegiatan_code,
    coalesce({{ any_value('kegiatan_name') }}, '(program-level indicators)') as kegiatan_name,
    case when kegiatan_code is null then 'program' else 'kegiatan' end as level,
    count(*)                                                  as indicators,
    count(*) filter (where status = 'measured')               as measured,
    count(*) filter (where band = 'met')                      as met,
    count(*) filter (where band = 'near')                     as near,
    count(*) filter (where band = 'behind')                   as behind,
    count(*) filter (where status = 'year_end')               as year_end,
    count(*) filter (where status = 'progress')               as progress,
    count(*) filter (where status = 'starts_later')           as starts_later,
    {{ safe_divide("count(*) filter (where band = 'met')", "count(*) filter (where status = 'measured')") }}
                                                              as met_rate,
    count(*) filter (where capaian_mismatch)                  as capaian_mismatches
from {{ ref('int_rkp_indicators_evaluated') }}
group by period, period_start, year, quarter, program_code, kegiatan_code
