{#- A post-hook of every model and seed. When dbt writes its log as JSON (that is, under Dagster),
    it logs, as one JSON line, the columns and types of the relation just built, of those of its
    parents this run does not build (their own hooks log the others), and a table's row count;
    dagster-dbt hands that line to the node's result event, so the materialization is described
    while dbt goes on building. A plain `dbt build` logs nothing. -#}
{% macro log_built_relation() -%}
    {%- if execute and target.type in ('duckdb', 'postgres') and invocation_args_dict.get('log_format') == 'json' -%}
        {%- set relations = [[this.schema, this.identifier]] -%}
        {%- for parent_id in (model.depends_on or {}).get('nodes', []) if parent_id not in selected_resources -%}
            {%- set parent = graph.nodes.get(parent_id) or graph.sources.get(parent_id) -%}
            {%- if parent and parent.resource_type == 'source' -%}
                {%- do relations.append([parent.schema, parent.identifier]) -%}
            {%- elif parent -%}
                {%- do relations.append([parent.schema, parent.alias]) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set query -%}
            select table_schema, table_name, string_agg(column_name || chr(9) || data_type, chr(10) order by ordinal_position)
            from information_schema.columns
            where table_catalog = current_database() and (
                {%- for schema, name in relations %}
                {% if not loop.first %}or {% endif %}(table_schema = {{ sql_string(schema) }} and table_name = {{ sql_string(name) }})
                {%- endfor %}
            )
            group by table_schema, table_name
            {%- if model.config.materialized in ('table', 'seed', 'incremental', 'snapshot') %}
            union all
            select '', '', cast(count(*) as {{ string_type() }}) from {{ this }}
            {%- endif %}
        {%- endset -%}
        {%- set described = {} -%}
        {%- set counted = {} -%}
        {%- for schema, name, listed in run_query(query).rows -%}
            {%- if schema == '' -%}
                {%- do counted.update({'row_count': listed | int}) -%}
            {%- else -%}
                {%- set columns = [] -%}
                {%- for line in listed.split('\n') -%}{%- do columns.append(line.split('\t')) -%}{%- endfor -%}
                {%- do described.update({schema ~ '.' ~ name: columns}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do log(tojson({'kinerja_built': {'relation': this.schema ~ '.' ~ this.identifier, 'columns': described, 'row_count': counted.get('row_count')}}), info=True) -%}
    {%- endif -%}
{%- endmacro %}
