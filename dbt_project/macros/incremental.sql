{#-
    The change tracking of the incremental models (docs/bench.md, "incremental models").
    Raw tables are append-only and loaded in order, so the rows loaded since an incremental
    model was last built are those loaded after the latest `_loaded_at` the model holds.
    That latest value is never later than the last build's, so a model that missed a
    build (it failed, or a subset ran) recomputes more, never less. An empty model takes
    every row.

    `column` is compared with the latest `watermark` of the model, by default both its own
    `_loaded_at`. A model that follows a second feed keeps that feed's load times in a
    column of its own (int_patents_linked: `_applicant_loaded_at`): the feeds load one
    after the other, so one feed's latest load is no bound for another's.

    What else a model reads (seeds, the SQL itself, vars, the as-of quarter) is checked
    before the build: when it changed, the refresh rebuilds every incremental model
    (fintech_cluster/incremental.py).
-#}
{% macro loaded_since_last_build(column='_loaded_at', watermark='_loaded_at') -%}
    {{ column }} > (
        select coalesce(max({{ watermark }}), cast('1900-01-01' as timestamp)) from {{ this }}
    )
{%- endmacro %}

{#-
    The patent applications that the rows of `delivered` loaded since the last build name:
    by their application number, or through their publication number (a row without an
    application number, and the rows of other deliveries with the same publication key).
-#}
{% macro applications_named_since_last_build(delivered) -%}
    select application_number from {{ delivered }}
    where application_number is not null and {{ loaded_since_last_build() }}

    union

    select application_number
    from {{ delivered }}
    where
        application_number is not null
        and {{ publication_key('publication_number') }} in (
            select {{ publication_key('publication_number') }} from {{ delivered }}
            where {{ loaded_since_last_build() }}
        )
{%- endmacro %}

{#-
    The patents whose linked row may have changed since the last build (int_patents_linked
    recomputes them from staging, fct_patents copies them from it): those that patent rows
    loaded since then name, those whose applicant's enterprise row in `enterprises` was
    loaded since then (its park or fintech flag may have changed; `_applicant_loaded_at`
    tracks them), and those without a USCC (their name match may have changed).
-#}
{% macro patents_to_link_again(enterprises) -%}
    application_number in (
        {{ applications_named_since_last_build(source('raw', 'patents')) }}
    )
    or applicant_uscc in (
        select uscc from {{ enterprises }}
        where {{ loaded_since_last_build('_loaded_at', '_applicant_loaded_at') }}
    )
    or applicant_uscc is null
{%- endmacro %}
