{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'mart_budget_rankings'}}}) }}
-- Warn where the rank recomputed from the amounts differs from the rank printed in the book
-- (2024-Q2: none; the 2024-Q2 check is an error in assert_book_figures_2024_q2).
select period, group_code, unit_name, printed_rank, rank_in_group, realisasi_pct_of_adjusted_pagu
from {{ ref('mart_budget_rankings') }}
where not rank_matches_printed
