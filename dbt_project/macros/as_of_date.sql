{#-
    The reporting date as a Python date, for compile-time use (the quarter spine).
    var('as_of_date') comes from FINTECH_CLUSTER_AS_OF (YYYY-MM-DD); when it is empty the
    date is "today" in Shanghai, taken from run_started_at so that every model of one
    invocation sees the same day.
-#}
{% macro as_of_date() %}
    {%- set text = var('as_of_date', '') | string | trim -%}
    {%- if text -%}
        {{ return(modules.datetime.date.fromisoformat(text)) }}
    {%- else -%}
        {{ return(run_started_at.astimezone(modules.pytz.timezone('Asia/Shanghai')).date()) }}
    {%- endif -%}
{% endmacro %}
