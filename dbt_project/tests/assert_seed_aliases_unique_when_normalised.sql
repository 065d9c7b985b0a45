{{ config(meta={'dagster': {'ref': {'name': 'category_aliases'}}}) }}
-- Alias matching is case- and whitespace-insensitive, so two aliases (or two units) that only
-- differ in case/spacing would duplicate rows in staging.
select 'category_aliases' as seed, domain, {{ norm_text('alias') }} as key, count(*) as n
from {{ ref('category_aliases') }}
group by domain, {{ norm_text('alias') }}
having count(*) > 1
union all
select 'units_of_measure' as seed, null as domain, {{ norm_text('submitted') }} as key, count(*) as n
from {{ ref('units_of_measure') }}
group by {{ norm_text('submitted') }}
having count(*) > 1
