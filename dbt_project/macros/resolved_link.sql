{#-
    The columns that say how a row was linked to an enterprise (docs/feeds.md, "Entity
    resolution"): by its USCC first, else by its name through meta.name_matches (exact
    normalised name, else scored fuzzy match). `by_uscc` and `by_name` are aliases of
    int_enterprises_classified joined on the row's USCC and on the matched USCC; `matches`
    is the alias of the meta.name_matches source. Rows linked by neither keep null
    enterprise columns and link_method 'unmatched'.

    enterprise_id/park_id stay the USCC link (the KPI definitions count those); the
    resolved_* columns add the name links.
-#}
{% macro resolved_link(by_uscc, by_name, matches) -%}
    case
        when {{ by_uscc }}.enterprise_id is not null then 'uscc'
        when {{ by_name }}.enterprise_id is not null then {{ matches }}.method
        else 'unmatched'
    end as link_method,
    case
        when {{ by_uscc }}.enterprise_id is not null then 100.0
        when {{ by_name }}.enterprise_id is not null then {{ matches }}.score
    end as link_score,
    coalesce({{ by_uscc }}.enterprise_id, {{ by_name }}.enterprise_id) as resolved_enterprise_id,
    case
        when {{ by_uscc }}.enterprise_id is not null then {{ by_uscc }}.park_id
        else {{ by_name }}.park_id
    end as resolved_park_id
{%- endmacro %}
