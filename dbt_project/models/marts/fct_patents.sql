-- One row per patent application, linked to its applicant enterprise by USCC.
-- The applicants' names are left out: applicants can be natural persons.
--
-- Incremental (macros/incremental.sql): a refresh copies the patents that
-- int_patents_linked has linked again since this model's last build (macro
-- patents_to_link_again, with this model's own watermarks), replaced by application number.

{{ config(
    materialized='incremental',
    unique_key='application_number',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

-- read in incremental mode only (the applicants' load times):
-- depends_on: {{ ref('int_enterprises_classified') }}

with

patents as (

    select * from {{ ref('int_patents_linked') }}
    {% if is_incremental() %}
    where {{ patents_to_link_again(ref('int_enterprises_classified')) }}
    {% endif %}

),

final as (

    select
        application_number,
        publication_number,
        title,
        patent_type,
        ipc_codes,
        application_date,
        application_quarter,
        grant_date,
        legal_status,
        applicant_uscc,
        enterprise_id,
        park_id,
        applicant_is_fintech,
        has_fintech_ipc,
        is_fintech_scope,
        _source_file,
        _row_number,
        _loaded_at,
        _applicant_loaded_at
    from patents

)

select * from final
