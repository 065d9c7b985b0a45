{#- A post-hook of every model and seed. When dbt writes its log as JSON (that is, under Dagster),
    it logs, as one JSON line, the columns and types of the relation just built, of its parents,
    and a table's row count; dagster-dbt hands that line to the node's result event, so the
    materialization is described while dbt goes on building. A plain `dbt build` logs nothing. -#}
{% macro log_built_relation() -%}
    {%- if execute and target.type in ('duckdb', 'postgres') and invocation_args_dict.get('log_format') == 'json' -%}
        {%- set relations = [[this.schema, this.identifier]] -%}
        {%- for parent_id in (model.depends_on or {}).get('nodes', []) -%}
            {%- set parent = graph.nodes.get(parent_id) or graph.sources.get(parent_id) -%}
            {%- if parent and parent.resource_type == 'source' -%}
                {%- do relations.append([parent.schema, parent.identifier]) -%}
            {%- elif parent -%}
                {%- do relations.append([parent.schema, parent.alias]) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set query -%}
            select table_schema, table_name, column_name, data_type, cast(null as bigint) as row_count
            from information_schema.columns
            where table_catalog = current_database() and (
                {%- for schema, name in relations %}
                {% if not loop.first %}or {% endif %}(table_schema = {{ sql_string(schema) }} and table_name = {{ sql_string(name) }})
                {%- endfor %}
            )
            {%- if model.config.materialized in ('table', 'seed', 'incremental', 'snapshot') %}
            union all
            select {{ sql_string(this.schema) }}, {{ sql_string(this.identifier) }}, null, null, count(*) from {{ this }}
            {%- endif %}
        {%- endset -%}
        {%- set described = {} -%}
        {%- set counted = {} -%}
        {%- for row in run_query(query).rows -%}
            {%- set key = row[0] ~ '.' ~ row[1] -%}
            {%- if row[2] is none -%}
                {%- do counted.update({'row_count': row[4] | int}) -%}
            {%- else -%}
                {%- do described.setdefault(key, []).append([row[2], row[3]]) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do log(tojson({'kinerja_built': {'relation': this.schema ~ '.' ~ this.identifier, 'columns': described, 'row_count': counted.get('row_count')}}), info=True) -%}
    {%- endif -%}
{%- endmacro %}
