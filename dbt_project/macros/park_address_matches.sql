{#-
    The one rule for "which park does an address point to" (docs: park_assignment): every
    park address rule whose keyword appears in the address, ranked per row; the rule with
    the lowest priority wins (`match_rank = 1`), ties go to the lowest park_id. `rows` is a
    CTE with an `address` column, `keys` the columns that identify one of its rows.
-#}
{% macro park_address_matches(rows, keys) -%}
    select
        {%- for key in keys %}
        {{ rows }}.{{ key }},
        {%- endfor %}
        park_address_rules.park_id,
        park_address_rules.keyword as matched_keyword,
        row_number() over (
            partition by {% for key in keys %}{{ rows }}.{{ key }}{{ ", " if not loop.last }}{% endfor %}
            order by park_address_rules.priority asc, park_address_rules.park_id asc
        ) as match_rank
    from {{ rows }}
    inner join {{ ref('park_address_rules') }} as park_address_rules
        on {{ dbt.position('park_address_rules.keyword', rows ~ '.address') }} > 0
{%- endmacro %}
