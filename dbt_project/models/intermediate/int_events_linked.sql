-- Every event with its standard type (event_types seed), linked to its enterprise by USCC,
-- with its amount (subsidies) in CNY at the rate valid on the event date.

with

events as (

    select * from {{ ref('stg_events__events') }}

),

event_types as (

    select * from {{ ref('event_types') }}

),

enterprises as (

    select * from {{ ref('int_enterprises_classified') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

final as (

    select
        events.*,
        event_types.event_type,
        event_types.action_item_id,
        coalesce(event_types.is_risk_incident, false) as is_risk_incident,
        events.amount * fx_rates.cny_per_unit as amount_cny,
        enterprises.enterprise_id,
        enterprises.park_id,
        coalesce(enterprises.is_fintech, false) as is_fintech
    from events
    left join event_types
        on events.event_type_raw = event_types.event_type_raw
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'events.currency', 'events.event_date') }}
    left join enterprises
        on events.uscc = enterprises.uscc

)

select * from final
