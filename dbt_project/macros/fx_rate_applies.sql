{#-
    Join condition to the `fx_rates` seed: the rate of the currency whose validity
    interval contains the date (valid_from and valid_to inclusive). Used for deal
    amounts (deal date), event amounts (event date) and registered capital
    (registration date). An assert test keeps the intervals from overlapping.
-#}
{% macro fx_rate_applies(fx_alias, currency, on_date) -%}
    {{ currency }} = {{ fx_alias }}.currency
    and {{ on_date }} between {{ fx_alias }}.valid_from and {{ fx_alias }}.valid_to
{%- endmacro %}
