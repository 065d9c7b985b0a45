-- A case sits in exactly one stage: the stages add up to the period's total, the first stage
-- has been reached by every case, and cases_reached_stage never increases along the funnel.
select f.period, f.stage_code, f.stage_order, f.cases_in_stage, f.cases_reached_stage, f.total_cases
from {{ ref('mart_perkara_funnel') }} as f
where f.total_cases <> (
        select sum(x.cases_in_stage) from {{ ref('mart_perkara_funnel') }} as x where x.period = f.period
      )
   or (f.stage_order = 1 and f.cases_reached_stage <> f.total_cases)
   or f.cases_in_stage < 0
   or f.conversion_from_previous > 1
