{{ config(meta={'dagster': {'ref': {'name': 'stg_perkara'}}}) }}
-- Every period with perkara data reports each of the six stages (a missing stage would silently
-- shrink the total).
with periods as (
    select distinct period from {{ ref('stg_perkara') }}
),

expected as (
    select p.period, s.code as stage_code
    from periods as p
    cross join {{ ref('perkara_stages') }} as s
)

select e.period, e.stage_code
from expected as e
left join {{ ref('stg_perkara') }} as a
    on a.period = e.period and a.stage_code = e.stage_code
where a.stage_code is null
