-- One row per period x case stage.
with src as (
    select * from {{ source('raw', 'perkara') }}
),

aliases as (
    select {{ norm_text('alias') }} as alias_key, code
    from {{ ref('category_aliases') }}
    where domain = 'perkara_stage'
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
left join aliases as stage
    on stage.alias_key = {{ norm_text('src.tahap') }}
