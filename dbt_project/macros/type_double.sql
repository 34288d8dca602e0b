{#-
    8-byte floating point, the type of every KPI value. dbt.type_float() is not it:
    it renders `float`, which DuckDB reads as a 4-byte REAL.
-#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'fintech_cluster')()) -}}
{% endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}
