-- One row per event of the bureaus' registers, typed and linked to its enterprise by USCC.
-- The free-text remark (备注) is left out: it can name natural persons.

with

events as (

    select * from {{ ref('int_events_linked') }}

),

final as (

    select
        event_id,
        uscc,
        enterprise_id,
        park_id,
        is_fintech,
        enterprise_name,
        event_type_raw,
        event_type,
        action_item_id,
        is_risk_incident,
        event_date,
        event_quarter,
        level,
        issuing_office,
        amount_text,
        amount,
        currency,
        amount_cny,
        amount_is_estimate,
        amount_is_undisclosed,
        _source_file,
        _row_number,
        _loaded_at
    from events

)

select * from final
