{#-
    A column of the enterprise a fact row (patent, round, event) is linked to: `by_uscc`
    (int_enterprises_classified joined on the row's USCC) when that link exists, else, when
    the var `link_facts_by_name` is true, `by_name` (joined on the USCC meta.name_matches
    found for the row's name: exact normalised name, else fuzzy above the threshold). The
    resolution order is USCC, exact name, fuzzy name (docs/feeds.md, "Entity resolution").

    The var is true by default (dbt_project.yml): the KPIs count a fact delivered without a
    USCC for the enterprise its name resolves to. `--vars '{link_facts_by_name: false}'`
    counts USCC links only and leaves the name links recorded (resolved_* columns).
-#}
{% macro linked_column(by_uscc, by_name, column) -%}
    {%- if var('link_facts_by_name', true) -%}
        case
            when {{ by_uscc }}.enterprise_id is not null then {{ by_uscc }}.{{ column }}
            else {{ by_name }}.{{ column }}
        end
    {%- else -%}
        {{ by_uscc }}.{{ column }}
    {%- endif -%}
{%- endmacro %}
