{#-
    The columns value, numerator, denominator, is_estimate and status of a ratio KPI
    (docs: kpi-rules, "Ratios"): value = numerator × scale ÷ denominator when the
    denominator is > 0; otherwise no value and status `no_data` — never a silent 0. A null
    denominator (e.g. no reference data) is no_data too. Numerator and denominator are
    returned as doubles. The multiplication comes before the division, as in the
    generator's truth, so that both give the same double.

    Use it in the select list after the numerator and denominator are summed over parks
    (macro add_district_total): `{{ ratio_kpi_columns('risk_incidents', 'active', 1000) }}`.
-#}
{% macro ratio_kpi_columns(numerator, denominator, scale=1) -%}
    {%- set numerator_double = 'cast(' ~ numerator ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set denominator_double = 'cast(' ~ denominator ~ ' as ' ~ type_double() ~ ')' -%}
    case
        when {{ denominator }} > 0
            then {{ numerator_double }}{{ ' * ' ~ scale if scale != 1 }} / {{ denominator_double }}
    end as value,
    {{ numerator_double }} as numerator,
    {{ denominator_double }} as denominator,
    false as is_estimate,
    case when {{ denominator }} > 0 then 'ok' else 'no_data' end as status
{%- endmacro %}
