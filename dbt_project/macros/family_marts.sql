{#- A family mart: one row per period x dataset x breakdown of the family's figure datasets and
    a column per figure, as the model's own yml declares them (config.meta.kinerja: dataset,
    figure, take). The yml is generated from the dataset specs by
    orchestration/warehouse/family_marts.py, so the pivot follows the specs and every column it
    builds is documented. Portable SQL: max(case when ...) pivots, no PIVOT statement, literals
    through sql_string. -#}
{% macro figure_family_mart(family) -%}
{%- set source = ref('int_book_figure_values') -%}
{%- set declared = [] -%}
{%- if execute -%}
    {%- for column in model.columns.values() -%}
        {%- set spec = ((column.config or {}).meta or column.meta or {}).get('kinerja') -%}
        {%- if spec -%}{%- do declared.append([column.name, spec, column.data_type]) -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}
with figures as (
    select * from {{ source }}
    where family = {{ sql_string(family) }}
)

select
    figures.period,
    {{ period_start('figures.year', 'figures.quarter') }} as period_start,
    figures.year,
    figures.quarter,
    figures.section,
    figures.dataset,
    figures.breakdown,
    {%- for name, spec, data_type in declared %}
    {{ family_mart_cell(spec, data_type) }} as {{ name }},
    {%- endfor %}
    max(figures.source_file) as source_file,
    min(figures.source_row) as first_source_row
from figures
group by figures.period, figures.year, figures.quarter, figures.section, figures.dataset, figures.breakdown
order by figures.period, figures.dataset, min(figures.source_row)
{%- endmacro %}

{#- One cell of a family mart: the figure `spec.figure` of `spec.dataset` on this row, taken as
    its number (value), its text (text), or its ratio rule's numerator, denominator, rate or
    agrees. Counts are whole numbers (bigint). -#}
{% macro family_mart_cell(spec, data_type) -%}
    {%- set column = {'value': 'value', 'text': 'value_text', 'numerator': 'numerator',
                      'denominator': 'denominator', 'rate': 'rate', 'agrees': 'printed_rate_agrees'}[spec.take] -%}
    {%- set cell -%}
        max(case when figures.dataset = {{ sql_string(spec.dataset) }} and figures.figure = {{ sql_string(spec.figure) }}
            then figures.{{ column }} end)
    {%- endset -%}
    {%- if spec.take == 'agrees' -%}
        case {{ cell }} when 1 then true when 0 then false end
    {%- elif data_type == 'bigint' -%}
        cast({{ cell }} as bigint)
    {%- else -%}
        {{ cell }}
    {%- endif -%}
{%- endmacro %}
