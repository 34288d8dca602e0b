{#-
    The one rule for "which park does this enterprise count for in that quarter" (docs:
    enterprise_history): the park of its version valid at the quarter's end, from
    int_enterprise_quarters. A flow (a birth, an event, a patent, a deal) counts for
    the park at the end of the quarter it happened in; a stock or a window (active firms,
    the last four quarters, a cohort) for the park at the end of the quarter reported.
    Null for a quarter outside the spine or an enterprise without a park in any version.
    Pass qualified columns (`rounds.enterprise_id`): the lookup is a scalar subquery, where
    a bare `enterprise_id` would name the lookup table's own column.
-#}
{% macro park_at_quarter_end(enterprise_id, quarter) -%}
    (
        select park_lookup.park_id
        from {{ ref('int_enterprise_quarters') }} as park_lookup
        where
            park_lookup.enterprise_id = {{ enterprise_id }}
            and park_lookup.quarter = {{ quarter }}
    )
{%- endmacro %}
