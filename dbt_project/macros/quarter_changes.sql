{#- Quarter-on-quarter columns of a sampling mart: `cur` joined to `prev`, the previous quarter
    of the same year. Counts are cumulative, so their difference is the quarter's own increment. -#}
{% macro sampling_quarter_changes(cur='cur', prev='prev') -%}
    {{ prev }}.period is not null as has_previous_quarter,
    {%- for count in ['sampled', 'tmk_total', 'tested', 'failed_tms', 'total_tms', 'examined'] %}
    {{ cur }}.{{ count }} - {{ prev }}.{{ count }} as {{ count }}_in_quarter,
    {%- endfor %}
    {%- for rate in ['tms_rate', 'lab_tms_rate', 'noncompliance_rate'] %}
    {{ cur }}.{{ rate }} - {{ prev }}.{{ rate }} as {{ rate }}_change{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The counts a to j and the three rates, as both sampling marts list them. -#}
{% macro sampling_counts_and_rates(rel='cur') -%}
    {%- for col in ['sampled', 'tmk_tie', 'tmk_expired', 'tmk_damaged', 'tmk_total', 'tmk_label', 'entered_lab',
                    'tested', 'passed_ms', 'failed_tms', 'total_tms', 'unfinished', 'examined',
                    'tms_rate', 'lab_tms_rate', 'noncompliance_rate'] %}
    {{ rel }}.{{ col }},
    {%- endfor %}
{%- endmacro %}

{#- The previous quarter of the same year, joined by the mart's keys: figures are cumulative from
    January, so cur - prev is the quarter's own increment (Q1 has no previous quarter). -#}
{% macro previous_quarter_join(relation, keys, cur='cur', prev='prev') -%}
    left join {{ relation }} as {{ prev }}
        on {{ prev }}.year = {{ cur }}.year
       and {{ prev }}.quarter = {{ cur }}.quarter - 1
    {%- for key in keys %}
       and {{ prev }}.{{ key }} = {{ cur }}.{{ key }}
    {%- endfor %}
{%- endmacro %}
