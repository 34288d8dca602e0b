-- One row per enterprise (USCC): the delivered registry record with the latest approved
-- change (docs: enterprise_dedup), with its life events and quarters derived.
-- legal_representative_masked is not carried on: no personal data beyond raw.
--
-- Incremental (macros/incremental.sql): a refresh recomputes the enterprises that rows
-- loaded since the last build name, each from all of its delivered rows, and replaces
-- them (delete+insert on the USCC). A new row either wins (and carries the newest
-- `_loaded_at`, which the models downstream follow) or changes nothing.

{{ config(
    materialized='incremental',
    unique_key='uscc',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

delivered as (

    select * from {{ source('raw', 'registrations') }}

),

source as (

    select * from delivered
    {% if is_incremental() %}
    where uscc in (select uscc from delivered where {{ loaded_since_last_build() }})
    {% endif %}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['uscc']) }} as enterprise_id,
        uscc,

        -- enterprise
        name,
        enterprise_type,
        industry_code,
        substring(industry_code, 1, 1) as industry_section,
        substring(industry_code, 2, 2) as industry_division,
        business_scope,
        province,
        district,
        address,

        -- registered capital, in units of its currency (converted in marts)
        registered_capital_text,
        registered_capital_amount,
        registered_capital_currency,
        registered_capital_is_estimate,
        registered_capital_is_undisclosed,

        -- status and life events (docs: life_events)
        status,
        registration_date,
        approval_date,
        case
            when status in ('deregistered', 'revoked', 'moved_out') then approval_date
        end as death_date,

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
            partition by uscc
            order by
                approval_date desc nulls last,
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as version_rank
    from renamed

),

final as (

    select
        enterprise_id,
        uscc,
        name,
        enterprise_type,
        industry_code,
        industry_section,
        industry_division,
        business_scope,
        province,
        district,
        address,
        registered_capital_text,
        registered_capital_amount,
        registered_capital_currency,
        registered_capital_is_estimate,
        registered_capital_is_undisclosed,
        status,
        registration_date,
        {{ quarter_label('registration_date') }} as registration_quarter,
        approval_date,
        death_date,
        {{ quarter_label('death_date') }} as death_quarter,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at
    from ranked
    where version_rank = 1

)

select * from final
