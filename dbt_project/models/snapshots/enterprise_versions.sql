-- Every version of every enterprise (SCD2, docs: enterprise_history): one row per
-- enterprise and approval date (核准日期) of a delivered registry row, valid from that
-- date until the next version's. Built from every delivery row kept in raw, not from
-- what a refresh happened to see, so a rebuild from the landing files and a series of
-- incremental refreshes give the same history. The park is matched on each version's
-- own address (docs: park_assignment). An exit (注销, 吊销, 迁出) is a version that is not
-- active after an active one (or as the first version: the firm was active from its
-- registration until then); a return (迁入 after 迁出, a revoked firm restored) is an
-- active version after an exit.
--
-- Incremental (macros/incremental.sql): a refresh recomputes every version of the
-- enterprises with a registry row loaded since the last build, replaced by enterprise_id.
-- Every new row with an approval date becomes a version (the latest load wins its day);
-- one without never does, and is recomputed again next time, which changes nothing.

{{ config(
    materialized='incremental',
    unique_key='enterprise_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

source as (

    select * from {{ source('raw', 'registrations') }}
    {% if is_incremental() %}
    where uscc in (
        select uscc from {{ source('raw', 'registrations') }}
        where {{ loaded_since_last_build() }}
    )
    {% endif %}

),

-- one row per enterprise and approval date: a re-delivered row (or two rows approved on
-- the same day) resolve like stg_registrations__enterprises, the latest load winning
deduplicated as (

    select
        {{ surrogate_key(['uscc']) }} as enterprise_id,
        uscc,
        name,
        industry_code,
        business_scope,
        address,
        status,
        registration_date,
        approval_date,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at,
        row_number() over (
            partition by uscc, approval_date
            order by _loaded_at desc, _row_number desc, _batch_id desc
        ) as duplicate_rank
    from source
    where approval_date is not null

),

latest_deliveries as (

    select * from deduplicated
    where duplicate_rank = 1

),

address_matches as (

    {{ park_address_matches('latest_deliveries', ['enterprise_id', 'approval_date']) }}

),

sequenced as (

    select
        latest_deliveries.*,
        address_matches.park_id,
        address_matches.matched_keyword as park_matched_keyword,
        row_number() over (
            partition by latest_deliveries.enterprise_id order by latest_deliveries.approval_date
        ) as version_number,
        lead(latest_deliveries.approval_date) over (
            partition by latest_deliveries.enterprise_id order by latest_deliveries.approval_date
        ) as next_approval_date,
        lag(latest_deliveries.status) over (
            partition by latest_deliveries.enterprise_id order by latest_deliveries.approval_date
        ) as previous_status
    from latest_deliveries
    left join address_matches
        on
            latest_deliveries.enterprise_id = address_matches.enterprise_id
            and latest_deliveries.approval_date = address_matches.approval_date
            and address_matches.match_rank = 1

),

final as (

    select
        enterprise_id,
        uscc,
        version_number,
        approval_date as valid_from,
        next_approval_date as valid_to,
        next_approval_date is null as is_current,
        status,
        status = 'active' as is_active,
        status <> 'active' and coalesce(previous_status, 'active') = 'active' as is_exit,
        status = 'active' and coalesce(previous_status, 'active') <> 'active' as is_return,
        {{ quarter_label('approval_date') }} as valid_from_quarter,
        name,
        industry_code,
        business_scope,
        address,
        park_id,
        park_matched_keyword,
        registration_date,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at
    from sequenced

)

select * from final
