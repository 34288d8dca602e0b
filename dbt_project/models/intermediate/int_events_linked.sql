-- Every event with its standard type (event_types seed), linked to its enterprise by USCC
-- (else by its enterprise name through meta.name_matches: resolved_* columns; enterprise_id
-- too when the var link_facts_by_name is true),
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

name_matches as (

    select * from {{ source('meta', 'name_matches') }}

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
        {{ linked_column('enterprises', 'name_linked', 'enterprise_id') }} as enterprise_id,
        {{ linked_column('enterprises', 'name_linked', 'park_id') }} as park_id,
        coalesce(
            {{ linked_column('enterprises', 'name_linked', 'is_fintech') }}, false
        ) as is_fintech,
        {{ resolved_link('enterprises', 'name_linked', 'name_matches') }}
    from events
    left join event_types
        on events.event_type_raw = event_types.event_type_raw
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'events.currency', 'events.event_date') }}
    left join enterprises
        on events.uscc = enterprises.uscc
    left join name_matches
        on events.uscc is null and events.enterprise_name = name_matches.source_name
    left join enterprises as name_linked
        on name_matches.uscc = name_linked.uscc

)

select * from final
