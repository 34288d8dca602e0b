-- One row per event, keyed by (type, date, enterprise, description): the enterprise is its
-- USCC when delivered, else its name. The latest load, then the highest row number wins.
-- A listing (上市) is one per enterprise and date whatever its description: the bureau
-- writes a document number, a listed-company list board + security code + short name.

{%- set types_identified_without_description = ['上市'] %}

with

source as (

    select * from {{ source('raw', 'events') }}

),

renamed as (

    select
        -- ids
        coalesce(uscc, enterprise_name) as enterprise_key,
        uscc,
        enterprise_name,

        -- event
        event_type_raw,
        event_date,
        level,
        issuing_office,
        description,
        case
            when event_type_raw in (
                '{{ types_identified_without_description | join("', '") }}'
            ) then ''
            else coalesce(description, '')
        end as identifying_description,

        -- amount (subsidies), in units of its currency
        amount_text,
        amount,
        currency,
        amount_is_estimate,
        amount_is_undisclosed,

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
            partition by
                event_type_raw,
                event_date,
                enterprise_key,
                identifying_description
            order by
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as version_rank
    from renamed

),

final as (

    select
        {{ surrogate_key([
            'event_type_raw', 'event_date', 'enterprise_key', 'identifying_description'
        ]) }} as event_id,
        enterprise_key,
        uscc,
        enterprise_name,
        event_type_raw,
        event_date,
        {{ quarter_label('event_date') }} as event_quarter,
        level,
        issuing_office,
        description,
        amount_text,
        amount,
        currency,
        amount_is_estimate,
        amount_is_undisclosed,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at
    from ranked
    where version_rank = 1

)

select * from final
