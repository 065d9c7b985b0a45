{#- Fails for rows where the boolean expression is not true (NULL counts as failure
    unless wrapped in coalesce by the caller). -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
