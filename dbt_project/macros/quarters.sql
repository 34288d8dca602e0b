{#-
    Calendar-quarter helpers, the only place that knows how a quarter is written.
    quarter_label is dispatched (override it as <adapter>__quarter_label); quarter_start
    and quarter_end are built on dbt's own dispatched date_trunc and last_day.
-#}

{#- 'YYYYQn', e.g. '2026Q3' for any date in July-September 2026. -#}
{% macro quarter_label(date_expression) %}
    {{- return(adapter.dispatch('quarter_label', 'fintech_cluster')(date_expression)) -}}
{% endmacro %}

{% macro default__quarter_label(date_expression) -%}
    {{ dbt.concat([
        'cast(extract(year from ' ~ date_expression ~ ') as ' ~ dbt.type_string() ~ ')',
        "'Q'",
        'cast(extract(quarter from ' ~ date_expression ~ ') as ' ~ dbt.type_string() ~ ')',
    ]) }}
{%- endmacro %}

{#- First day of the quarter containing the date, as a date. -#}
{% macro quarter_start(date_expression) -%}
    cast({{ dbt.date_trunc('quarter', date_expression) }} as date)
{%- endmacro %}

{#- Last day of the quarter containing the date, as a date. -#}
{% macro quarter_end(date_expression) -%}
    {{ dbt.last_day(date_expression, 'quarter') }}
{%- endmacro %}

{#- A running quarter number from a 'YYYYQn' label (year × 4 + n): differences count quarters. -#}
{% macro quarter_index(label_expression) -%}
    (
        cast(substring({{ label_expression }}, 1, 4) as integer) * 4
        + cast(substring({{ label_expression }}, 6, 1) as integer)
    )
{%- endmacro %}
