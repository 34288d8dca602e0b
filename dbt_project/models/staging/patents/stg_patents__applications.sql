-- One row per patent application: a delivered row with a grant date is preferred, then
-- the latest load, then the highest row number.

with

source as (

    select * from {{ source('raw', 'patents') }}

),

renamed as (

    select
        -- ids
        application_number,
        publication_number,

        -- application
        title,
        applicants,
        applicant_uscc,
        ipc_codes,
        patent_type,
        legal_status,

        -- dates
        application_date,
        grant_date,

        -- lineage
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at

    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by application_number
            order by
                case when grant_date is not null then 0 else 1 end,
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as version_rank
    from renamed

),

final as (

    select
        application_number,
        publication_number,
        title,
        applicants,
        applicant_uscc,
        ipc_codes,
        patent_type,
        legal_status,
        application_date,
        {{ quarter_label('application_date') }} as application_quarter,
        grant_date,
        {{ quarter_label('grant_date') }} as grant_quarter,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at
    from ranked
    where version_rank = 1

)

select * from final
