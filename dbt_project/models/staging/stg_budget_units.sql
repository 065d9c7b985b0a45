-- One row per period x spending unit (Lampiran II); printed percentages as fractions.
with src as (
    select * from {{ source('raw', 'budget_units') }}
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
    src.kelompok                               as group_submitted,
    grp.code                                   as group_code,
    src.peringkat                              as printed_rank,
    trim(src.unit_kerja)                       as unit_name,
    src.pagu,
    src.pagu_setelah_aa                        as pagu_adjusted,
    src.realisasi,
    {{ round_double('src.persen_pagu_awal / 100.0', 6) }} as printed_pct_of_pagu,
    {{ round_double('src.persen_pagu_aa / 100.0', 6) }}   as printed_pct_of_adjusted_pagu
from src
{{ alias_join('grp', "'budget_unit_group'", 'src.kelompok') }}
