{#-
    The one rule for "which park does this enterprise count for in that quarter" (docs:
    enterprise_history): the park of its version valid at the quarter's end, from
    int_enterprise_quarters. A flow (a birth, an event, a patent, a deal) counts for
    the park at the end of the quarter it happened in; a stock or a window (active firms,
    the last four quarters, a cohort) for the park at the end of the quarter reported.

    A left join, to place after a model's `from`: the park is then `<alias>.park_id`, null
    for a quarter outside the spine or an enterprise without a park in any version.
    (int_enterprise_quarters holds one row per enterprise and quarter, a blocking test.)
    `facts` is the relation the enterprise ids come from (a CTE, or a ref): the lookup
    reads only its enterprises' quarters. As a scalar subquery, DuckDB built its hash
    table from all 34M enterprise-quarters of the city scale for every lookup: 3.7-3.9 s
    for the parks of 232k patents, against 1.0 s with the lookup restricted like this and
    1.4-1.6 s as a plain left join (docs/bench.md).
-#}
{% macro join_park_at_quarter_end(alias, facts, enterprise_id, quarter) -%}
    left join (
        select
            enterprise_id,
            quarter,
            park_id
        from {{ ref('int_enterprise_quarters') }}
        where enterprise_id in (select enterprise_id from {{ facts }})
    ) as {{ alias }}
        on
            {{ enterprise_id }} = {{ alias }}.enterprise_id
            and {{ quarter }} = {{ alias }}.quarter
{%- endmacro %}
