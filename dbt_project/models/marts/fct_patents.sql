-- One row per patent application, linked to its applicant enterprise by USCC.
-- The applicants' names are left out: applicants can be natural persons.

with

patents as (

    select * from {{ ref('int_patents_linked') }}

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
        _loaded_at
    from patents

)

select * from final
