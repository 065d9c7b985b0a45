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

{#- The submitted-label lookup every staging model uses: the seed's aliases, normalised. Use as
    a CTE named `aliases`, joined with alias_join(). -#}
{% macro category_aliases() -%}
    select domain, {{ norm_text('alias') }} as alias_key, code
    from {{ ref('category_aliases') }}
{%- endmacro %}

{#- Left join one category's code: `domain` is SQL (a quoted literal or an expression), `expr`
    the submitted label. -#}
{% macro alias_join(alias, domain, expr) -%}
    left join aliases as {{ alias }}
        on {{ alias }}.domain = {{ domain }}
       and {{ alias }}.alias_key = {{ norm_text(expr) }}
{%- endmacro %}
