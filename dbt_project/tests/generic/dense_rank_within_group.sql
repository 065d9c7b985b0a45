{#- The rank column must be not null and, within each group (group_by columns), its distinct
    values must be exactly 1..max (dense: starts at 1, no gaps). With no ties that is 1..n. -#}
{% test dense_rank_within_group(model, column_name, group_by) %}
with grouped as (
    select {{ group_by | join(', ') }},
           min({{ column_name }}) as min_rank,
           max({{ column_name }}) as max_rank,
           count(distinct {{ column_name }}) as distinct_ranks,
           count(*) filter (where {{ column_name }} is null) as null_ranks
    from {{ model }}
    group by {{ group_by | join(', ') }}
)
select *
from grouped
where min_rank <> 1 or max_rank <> distinct_ranks or null_ranks > 0
{% endtest %}
