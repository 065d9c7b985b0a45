{#- The first day of a reporting period, for BI time axes: 2024-Q2 -> 2024-04-01. -#}
{% macro period_start(year='year', quarter='quarter') -%}
    make_date({{ year }}, ({{ quarter }} - 1) * 3 + 1, 1)
{%- endmacro %}

{#- Every figure dataset's raw rows, one union; the list is var('figure_datasets'). -#}
{% macro union_figure_datasets() -%}
    {%- for name in var('figure_datasets') %}
    select
        '{{ name }}' as dataset,
        period, year, quarter, figure, coalesce(breakdown, '') as breakdown, value_text, value,
        source_file, source_row
    from {{ source('raw', name) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- The figure catalogue, rendered from the specs' meta.kinerja at run time. -#}
{% macro figure_catalog_rows() -%}
    {%- set rows = [] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() | sort(attribute='name') -%}
            {%- set meta = (node.config.meta if node.config is defined and node.config.meta else node.meta) or {} -%}
            {%- set spec = meta.get('kinerja', {}) -%}
            {%- if node.source_name == 'raw' and spec.get('shape') == 'figures' -%}
                {%- for f in spec.get('figures', []) -%}
                    {%- do rows.append([node.name, spec.get('section', ''), spec.get('family', ''), f['figure'],
                                        f.get('label', ''), f.get('kind', ''), f.get('unit', ''),
                                        f.get('period', spec.get('period', 'ytd')), spec.get('book_source', ''),
                                        loop.index]) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if rows -%}
    select * from (values
        {%- for r in rows %}
        ({% for v in r %}{% if v is number %}{{ v }}{% else %}{{ sql_string(v) }}{% endif %}{{ ', ' if not loop.last }}{% endfor %}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as catalog(dataset, section, family, figure, label, kind, unit, period_scope, book_source, figure_order)
    {%- else -%}
    {%- set text = string_type() %}
    select
        null::{{ text }} as dataset, null::{{ text }} as section, null::{{ text }} as family, null::{{ text }} as figure,
        null::{{ text }} as label, null::{{ text }} as kind, null::{{ text }} as unit, null::{{ text }} as period_scope,
        null::{{ text }} as book_source, null::integer as figure_order
    where false
    {%- endif -%}
{%- endmacro %}

{#- One figure of a core table in the shape of the figure datasets: a select over `rel`. -#}
{% macro core_figure(rel, section, family, dataset, figure, label, breakdown, value, value_text, unit, kind) -%}
select
    {{ rel }}.period, {{ rel }}.year, {{ rel }}.quarter,
    '{{ section }}' as section, '{{ family }}' as family, '{{ dataset }}' as dataset,
    '{{ figure }}' as figure, '{{ label }}' as label,
    {{ breakdown }} as breakdown,
    {{ value }} as value, {{ value_text }} as value_text,
    {{ unit }} as unit, '{{ kind }}' as kind, 'ytd' as period_scope,
    {{ rel }}.source_file, {{ rel }}.source_row
from {{ rel }}
{%- endmacro %}
