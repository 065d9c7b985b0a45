-- One row per period x commodity x sampling method (book Tabel 1/2), codes from the seeds,
-- counts with blank cells as 0 (the book's '-' is already 0 in raw).
with src as (
    select * from {{ source('raw', 'sampling') }}
),

aliases as (
    {{ category_aliases() }}
)

select
    src.period,
    src.year,
    src.quarter,
    src.source_file,
    src.source_row,
    src.komoditi                                   as commodity_submitted,
    commodity.code                                 as commodity_code,
    src.metode_sampling                            as sampling_method_submitted,
    method.code                                    as sampling_method,
    coalesce(src.jumlah_sampling, 0)               as sampled,
    coalesce(src.tmk_tie, 0)                       as tmk_tie,
    coalesce(src.tmk_kedaluwarsa, 0)               as tmk_expired,
    coalesce(src.tmk_rusak, 0)                     as tmk_damaged,
    coalesce(src.tmk_tie, 0)
      + coalesce(src.tmk_kedaluwarsa, 0)
      + coalesce(src.tmk_rusak, 0)                 as tmk_total,
    coalesce(src.tmk_label, 0)                     as tmk_label,
    coalesce(src.masuk_lab, 0)                     as entered_lab,
    coalesce(src.diuji, 0)                         as tested,
    coalesce(src.ms, 0)                            as passed_ms,
    coalesce(src.tms, 0)                           as failed_tms,
    coalesce(src.total_tms, 0)                     as total_tms,
    coalesce(src.belum_selesai_uji, 0)             as unfinished,
    coalesce(src.diperiksa_diuji, 0)               as examined,
    (
        (src.jumlah_sampling is null)::int + (src.tmk_tie is null)::int
      + (src.tmk_kedaluwarsa is null)::int + (src.tmk_rusak is null)::int
      + (src.tmk_label is null)::int + (src.masuk_lab is null)::int
      + (src.diuji is null)::int + (src.ms is null)::int + (src.tms is null)::int
      + (src.total_tms is null)::int + (src.belum_selesai_uji is null)::int
      + (src.diperiksa_diuji is null)::int
    )                                              as blank_cells
from src
{{ alias_join('commodity', "'commodity'", 'src.komoditi') }}
{{ alias_join('method', "'sampling_method'", 'src.metode_sampling') }}
