-- One row per period x case stage.
with src as (
    select * from {{ source('raw', 'perkara') }}
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
    src.tahap                      as stage_submitted,
    stage.code                     as stage_code,
    src.jumlah_perkara             as cases_in_stage
from src
{{ alias_join('stage', "'perkara_stage'", 'src.tahap') }}
