-- RKP indicator achievement per period x indicator.
with cur as (
    select * from {{ ref('int_rkp_indicators_evaluated') }}
)

select
    cur.period,
    {{ period_start('cur.year', 'cur.quarter') }} as period_start,
    cur.year,
    cur.quarter,
    cur.indicator_id,
    cur.program_code,
    cur.program_name,
    cur.kegiatan_code,
    cur.kegiatan_name,
    cur.is_program_level,
    cur.indicator,
    cur.target,
    cur.target_text,
    cur.unit_of_measure,
    cur.unit_of_measure_submitted,
    cur.realisasi,
    cur.realisasi_text,
    cur.progress,
    cur.capaian_text,
    cur.capaian_printed,
    cur.capaian_recomputed,
    cur.status,
    cur.band,
    cur.capaian_mismatch,
    cur.source_file,
    cur.source_row,
    prev.period is not null                           as has_previous_quarter,
    prev.status                                       as previous_status,
    cur.realisasi - prev.realisasi                    as realisasi_change,
    cur.progress - prev.progress                      as progress_change,
    cur.capaian_printed - prev.capaian_printed        as capaian_printed_change
from cur
{{ previous_quarter_join('cur', ['indicator_id']) }}
