{#-
    md5 surrogate key over a list of column expressions, the same construction as
    dbt_utils.generate_surrogate_key (which cannot be installed here): each value cast
    to string, nulls replaced by a marker, joined with '-', hashed with dbt.hash.
    Dispatched so an adapter with a cheaper or different hash can override it.
-#}
{% macro surrogate_key(field_list) %}
    {{- return(adapter.dispatch('surrogate_key', 'fintech_cluster')(field_list)) -}}
{% endmacro %}

{% macro default__surrogate_key(field_list) -%}
    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
        {%- if not loop.last -%}
            {%- do parts.append("'-'") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
