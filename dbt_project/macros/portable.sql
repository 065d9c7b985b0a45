{#- What is written differently on DuckDB (the default), Postgres and Spark, each chosen by dbt's
    adapter.dispatch: `default__` is the DuckDB spelling the project was written in (it renders
    the same SQL as before these macros existed), `postgres__` and `spark__` the others.
    Measured by building every node on each engine (README, "Other engines"). -#}

{#- The 8-byte floating-point type: `double` on DuckDB and Spark, `double precision` on Postgres. -#}
{% macro double_type() -%}
    {{- return(adapter.dispatch('double_type', 'kinerja')()) -}}
{%- endmacro %}

{% macro default__double_type() -%}
    double
{%- endmacro %}

{% macro postgres__double_type() -%}
    double precision
{%- endmacro %}

{#- The variable-length text type: `varchar` (no length) on DuckDB and Postgres, `string` on Spark. -#}
{% macro string_type() -%}
    {{- return(adapter.dispatch('string_type', 'kinerja')()) -}}
{%- endmacro %}

{% macro default__string_type() -%}
    varchar
{%- endmacro %}

{% macro spark__string_type() -%}
    string
{%- endmacro %}

{#- A double rounded to `digits` decimals, as a double. Postgres has round() for numeric only:
    the value goes through numeric (half away from zero, as DuckDB and Spark round). -#}
{% macro round_double(expr, digits) -%}
    {{- return(adapter.dispatch('round_double', 'kinerja')(expr, digits)) -}}
{%- endmacro %}

{% macro default__round_double(expr, digits) -%}
    round({{ expr }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_double(expr, digits) -%}
    cast(round(cast({{ expr }} as numeric), {{ digits }}) as double precision)
{%- endmacro %}

{#- Any value of the group, for columns that are the same on every row of it. Postgres 15 has no
    any_value (16 has): min() gives the same answer there. -#}
{% macro any_value(expr) -%}
    {{- return(adapter.dispatch('any_value', 'kinerja')(expr)) -}}
{%- endmacro %}

{% macro default__any_value(expr) -%}
    any_value({{ expr }})
{%- endmacro %}

{% macro postgres__any_value(expr) -%}
    min({{ expr }})
{%- endmacro %}

{#- Every run of whitespace replaced by one space. DuckDB and Postgres replace only the first match
    unless given the 'g' flag; Spark always replaces every match and takes a 4th argument as the
    position to start at, so 'g' silently gives NULL there. Spark's string literals also treat the
    backslash as an escape character, so the pattern's backslash is doubled. -#}
{% macro collapse_whitespace(expr) -%}
    {{- return(adapter.dispatch('collapse_whitespace', 'kinerja')(expr)) -}}
{%- endmacro %}

{% macro default__collapse_whitespace(expr) -%}
    regexp_replace({{ expr }}, '\s+', ' ', 'g')
{%- endmacro %}

{% macro spark__collapse_whitespace(expr) -%}
    regexp_replace({{ expr }}, '\\s+', ' ')
{%- endmacro %}

{#- A text value as an SQL string literal. Standard SQL doubles a quote inside the literal; Spark
    escapes quotes and backslashes with a backslash (and would read '' as two adjacent literals). -#}
{% macro sql_string(value) -%}
    {{- return(adapter.dispatch('sql_string', 'kinerja')(value)) -}}
{%- endmacro %}

{% macro default__sql_string(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string(value) -%}
    '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
