-- One row per period x RKP indicator (Lampiran I), with a deterministic indicator_id,
-- canonical unit, fractions instead of percent points and an explicit status.
with src as (
    select
        *,
        {{ blank_to_null('kode_kegiatan') }}  as kegiatan_code_clean,
        {{ blank_to_null('realisasi_text') }} as realisasi_text_clean,
        {{ blank_to_null('capaian_text') }}   as capaian_text_clean,
        {{ blank_to_null('satuan') }}         as satuan_clean
    from {{ source('raw', 'rkp_indicators') }}
),

units as (
    select {{ norm_text('submitted') }} as unit_key, canonical
    from {{ ref('units_of_measure') }}
)

select
    src.period,
    src.year,
    src.quarter,
    src.source_file,
    src.source_row,
    md5(concat_ws('|', trim(src.program_kode), coalesce(src.kegiatan_code_clean, ''), trim(src.indikator)))
                                                        as indicator_id,
    trim(src.program_kode)                              as program_code,
    trim(src.program)                                   as program_name,
    src.kegiatan_code_clean                             as kegiatan_code,
    {{ blank_to_null('src.kegiatan') }}                 as kegiatan_name,
    src.kegiatan_code_clean is null                     as is_program_level,
    trim(src.indikator)                                 as indicator,
    src.target,
    {{ blank_to_null('src.target_text') }}              as target_text,
    coalesce(units.canonical, src.satuan_clean)         as unit_of_measure,
    src.satuan_clean                                    as unit_of_measure_submitted,
    src.realisasi,
    src.realisasi_text_clean                            as realisasi_text,
    {{ round_double('src.progress / 100.0', 6) }}       as progress,
    src.capaian_text_clean                              as capaian_text,
    {{ round_double('src.capaian / 100.0', 6) }}        as capaian_printed,
    case
        when src.realisasi is not null                            then 'measured'
        when src.realisasi_text_clean ilike 'progress%'           then 'progress'
        when src.capaian_text_clean ilike 'akhir tahun%'          then 'year_end'
        when src.capaian_text_clean ilike 'dimulai%'              then 'starts_later'
    end                                                 as status
from src
left join units
    on units.unit_key = {{ norm_text('src.satuan_clean') }}
