-- The events behind the event KPIs (docs/kpi-rules.md, event KPIs): one row per KPI and
-- event it counts, with what the event adds (`points`): 1, the weight of its level (K30)
-- or its amount in CNY (K36; undisclosed amounts left out, `is_estimate` when estimated).
-- An event counts for the park of the enterprise its USCC links it to; events of
-- enterprises without a park, or without a known USCC, count nowhere.

with

-- an event counts for the park of its enterprise at the end of the event's quarter
events as (

    select
        linked.*,
        event_parks.park_id as event_park_id
    from {{ ref('int_events_linked') }} as linked
    {{ join_park_at_quarter_end(
        'event_parks',
        ref('int_events_linked'),
        'linked.enterprise_id',
        'linked.event_quarter',
    ) }}
    where linked.park_id is not null

),

kpi_event_types as (

    select * from {{ ref('kpi_event_types') }}

),

event_level_weights as (

    select * from {{ ref('event_level_weights') }}

),

final as (

    select
        kpi_event_types.kpi_id,
        events.event_park_id as park_id,
        events.event_quarter as quarter,
        events.event_id,
        events.enterprise_id,
        events.event_type,
        events.level,
        case kpi_event_types.measure
            when 'level_points' then coalesce(event_level_weights.weight, 1)
            when 'amount_cny' then events.amount_cny
            else 1
        end as points,
        (
            kpi_event_types.measure = 'amount_cny'
            and coalesce(events.amount_is_estimate, false)
        ) as is_estimate
    from events
    inner join kpi_event_types
        on events.event_type = kpi_event_types.event_type
    left join event_level_weights
        on events.level = event_level_weights.level
    where
        (events.is_fintech or not kpi_event_types.is_fintech_only)
        and (kpi_event_types.measure <> 'amount_cny' or events.amount_cny is not null)

)

select * from final
