{#- The grain of a model in one test: fails for every combination of `columns` that occurs more
    than once or has a NULL in it, and for rows where one of `also_not_null` is NULL. One node
    instead of a unique test and a not_null test per key (the family marts have eleven marts,
    each node costs every refresh). -#}
{% test grain(model, columns, also_not_null=[]) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}
{%- for column in also_not_null %}
union all
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
where {{ column }} is null
group by {{ columns | join(', ') }}
{%- endfor %}
{% endtest %}
