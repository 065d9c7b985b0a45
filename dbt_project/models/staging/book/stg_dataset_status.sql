-- Per period and figure dataset: in, missing or refused, as the ingestion last saw it.
with status as (
    select * from {{ source('raw', 'dataset_status') }}
)

select
    status.period,
    status.dataset,
    status.status,
    status.rows,
    status.source_file,
    status.sha256,
    status.problems,
    status.first_problem,
    status.checked_at
from status
