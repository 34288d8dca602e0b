-- One row per patent application. A row delivered without an application number (Google
-- Patents exports) finds it through its publication number among the rows that carry both
-- (CNIPA tables' 公开号), the kind code ignored: CN114138539A and CN114138539B are one
-- patent. Rows it cannot find are in stg_patents__unlocated_publications, not here.
--
-- What the patent is (title, applicants, USCC, IPC codes, type, family) comes from the best
-- row that delivered the application number itself (Google Patents rows carry no family);
-- its status (grant, legal status, lapse date) from the best row of any source: a row with
-- a grant date first, then a delivered application number, then the latest load, then the
-- highest row number.
--
-- Incremental (the largest staging table: 10M rows at city scale, docs/bench.md): a
-- refresh recomputes only the applications that rows loaded since the last build touch,
-- each from all of its delivered rows, and replaces them (delete+insert on the
-- application number). A clean build and a series of refreshes give the same table
-- (tests/integration/test_incremental.py). A change to its columns fails the next
-- refresh (on_schema_change) until `fintech-cluster refresh --rebuild` rebuilds it.

{{ config(
    materialized='incremental',
    unique_key='application_number',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

delivered as (

    select * from {{ source('raw', 'patents') }}

),

{% if is_incremental() %}

-- applications a row loaded since the last build names, by number or through its
-- publication number (macros/incremental.sql)
touched_applications as (

    {{ applications_named_since_last_build('delivered') }}

),

-- every publication key of those applications: the rows without a number that may
-- locate to them
touched_publication_keys as (

    select {{ publication_key('publication_number') }} as publication_key
    from delivered
    where application_number in (select application_number from touched_applications)

    union

    select {{ publication_key('publication_number') }} from delivered
    where {{ loaded_since_last_build() }}

),

source as (

    select * from delivered
    where
        application_number in (select application_number from touched_applications)
        or {{ publication_key('publication_number') }} in (
            select publication_key from touched_publication_keys
        )

),

{% else %}

source as (

    select * from delivered

),

{% endif %}

renamed as (

    select
        -- ids
        application_number,
        publication_number,
        {{ publication_key('publication_number') }} as publication_key,

        -- application
        title,
        applicants,
        applicant_uscc,
        ipc_codes,
        patent_type,
        legal_status,
        family_publications,

        -- dates
        application_date,
        grant_date,
        lapse_date,

        -- lineage
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at

    from source

),

application_of_publication as (

    {{ application_of_publication('source') }}

),

located as (

    select
        renamed.* exclude (application_number),
        coalesce(
            renamed.application_number, application_of_publication.application_number
        ) as application_number,
        renamed.application_number is not null as has_delivered_number
    from renamed
    left join application_of_publication
        on
            renamed.application_number is null
            and renamed.publication_key = application_of_publication.publication_key

),

ranked as (

    select
        *,
        row_number() over (
            partition by application_number
            order by
                case when grant_date is not null then 0 else 1 end,
                case when has_delivered_number then 0 else 1 end,
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as status_rank,
        row_number() over (
            partition by application_number
            order by
                case when has_delivered_number then 0 else 1 end,
                case when grant_date is not null then 0 else 1 end,
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as description_rank
    from located
    where application_number is not null

),

described as (

    select * from ranked
    where description_rank = 1

),

status as (

    select * from ranked
    where status_rank = 1

),

final as (

    select
        described.application_number,
        described.publication_number,
        described.title,
        described.applicants,
        described.applicant_uscc,
        described.ipc_codes,
        described.patent_type,
        status.legal_status,
        described.family_publications,
        described.application_date,
        {{ quarter_label('described.application_date') }} as application_quarter,
        status.grant_date,
        {{ quarter_label('status.grant_date') }} as grant_quarter,
        status.lapse_date,
        status._batch_id,
        status._source_file,
        status._row_number,
        status._loaded_at
    from described
    inner join status
        on described.application_number = status.application_number
    {% if is_incremental() %}
    -- source also holds some rows of other applications (those sharing a publication key)
    where described.application_number in (
        select application_number from touched_applications
    )
    {% endif %}

)

select * from final
