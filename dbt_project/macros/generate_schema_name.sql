{#-
    One rule names everything: the folder is the layer is the schema.
    `+schema` is set per folder in dbt_project.yml (staging, intermediate, marts,
    reference for seeds, snapshots) and used as-is, without dbt's default
    "<target schema>_" prefix, so `models/marts/kpi_values.sql` is `marts.kpi_values`
    in every environment (environments differ by warehouse file, not by schema name).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
