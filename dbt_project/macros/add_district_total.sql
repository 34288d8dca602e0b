{#-
    The per-park rows of a relation (or CTE) plus one district-total row per quarter,
    with park_id = var('district_park_id') ('ALL').

    The district is every enterprise that has a park, so its additive measures are the
    sums over parks (`sum_columns`) and its flags are true when any park's flag is
    (`any_columns`). Ratios are never summed: compute them after this step, from the
    summed numerator and denominator. `key_columns` (e.g. kpi_id) are kept, and grouped by
    in the district rows, for relations holding several KPIs.
-#}
{% macro add_district_total(relation, sum_columns, any_columns=[], key_columns=[]) -%}
    {%- set measure_columns = sum_columns + any_columns -%}
    select
        {%- for column in key_columns %}
        {{ column }},
        {%- endfor %}
        park_id,
        quarter,
        {{ measure_columns | join(',\n        ') }}
    from {{ relation }}

    union all

    select
        {%- for column in key_columns %}
        {{ column }},
        {%- endfor %}
        '{{ var("district_park_id") }}' as park_id,
        quarter,
        {%- for column in sum_columns %}
        sum({{ column }}) as {{ column }}{{ ',' if not loop.last or any_columns }}
        {%- endfor %}
        {%- for column in any_columns %}
        {{ dbt.bool_or(column) }} as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    group by {% for column in key_columns %}{{ column }}, {% endfor %}quarter
{%- endmacro %}
