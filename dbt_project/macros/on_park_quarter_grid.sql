{#-
    Every (category, park, quarter) of the KPI grid (int_park_quarters crossed with the
    rows of `categories`), with the measures of `measures` where it has a row for that
    cell and their defaults where it has none: a park with no deal of a stage in a
    quarter gets 0 deals, not a missing row. `measures` are keyed by `category_column`,
    park_id and quarter; `defaults` maps each measure column to its value for an empty
    cell (e.g. {'deals': 0}).
-#}
{% macro on_park_quarter_grid(categories, category_column, measures, defaults) -%}
    select
        {{ categories }}.{{ category_column }},
        park_quarters.park_id,
        park_quarters.quarter,
        {%- for column, default in defaults.items() %}
        coalesce({{ measures }}.{{ column }}, {{ default }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_park_quarters') }} as park_quarters
    cross join {{ categories }}
    left join {{ measures }}
        on
            {{ categories }}.{{ category_column }} = {{ measures }}.{{ category_column }}
            and park_quarters.park_id = {{ measures }}.park_id
            and park_quarters.quarter = {{ measures }}.quarter
{%- endmacro %}
