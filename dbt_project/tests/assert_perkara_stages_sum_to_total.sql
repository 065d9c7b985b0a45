-- A case sits in exactly one stage: the stages add up to the period's total, the first stage
-- has been reached by every case, and cases_reached_stage never increases along the funnel.
select period, stage_code, stage_order, cases_in_stage, cases_reached_stage, total_cases
from {{ ref('mart_perkara_funnel') }} as f
where total_cases <> (
        select sum(cases_in_stage) from {{ ref('mart_perkara_funnel') }} as x where x.period = f.period
      )
   or (stage_order = 1 and cases_reached_stage <> total_cases)
   or cases_in_stage < 0
   or conversion_from_previous > 1
