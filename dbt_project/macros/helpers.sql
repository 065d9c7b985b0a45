{#- numerator / denominator as a double; NULL when the denominator is 0 or NULL. -#}
{% macro safe_divide(numerator, denominator) -%}
    case when coalesce({{ denominator }}, 0) = 0 then null
         else cast({{ numerator }} as {{ double_type() }}) / cast({{ denominator }} as {{ double_type() }}) end
{%- endmacro %}

{#- Normalised text for matching submitted labels against seed aliases:
    trimmed, lower-case, runs of whitespace collapsed to one space. -#}
{% macro norm_text(expr) -%}
    lower({{ collapse_whitespace('trim(' ~ expr ~ ')') }})
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
