{#-
    The one rule for "this enterprise is active on that day": registered on or before the
    day, and not dead (deregistered, revoked or moved out) by then. A death on the day
    itself ends activity on that day. Used by every KPI that counts active enterprises.
-#}
{% macro is_active_on(enterprise, day) -%}
    {{ day }} >= {{ enterprise }}.registration_date
    and ({{ enterprise }}.death_date is null or {{ day }} < {{ enterprise }}.death_date)
{%- endmacro %}
