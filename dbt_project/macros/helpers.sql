{#- numerator / denominator as DOUBLE; NULL when the denominator is 0 or NULL. -#}
{% macro safe_divide(numerator, denominator) -%}
    case when coalesce({{ denominator }}, 0) = 0 then null
         else cast({{ numerator }} as double) / cast({{ denominator }} as double) end
{%- endmacro %}

{#- Normalised text for matching submitted labels against seed aliases:
    trimmed, lower-case, runs of whitespace collapsed to one space. -#}
{% macro norm_text(expr) -%}
    lower(regexp_replace(trim({{ expr }}), '\s+', ' ', 'g'))
{%- endmacro %}

{#- Empty / whitespace-only text becomes NULL. -#}
{% macro blank_to_null(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}
