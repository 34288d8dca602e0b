-- Risk and compliance (action item 10, docs/kpi-rules.md):
-- K38 risk incidents per 1,000 active fintech enterprises: risk-incident events
--     (event_types.is_risk_incident) in the quarter of fintech enterprises of the park ÷ K04;
-- K39 abnormal-operation share: active fintech enterprises on the abnormal-operation list
--     at quarter end ÷ K04;
-- K40 licensed share: active fintech enterprises in a licensed activity holding a licence
--     at quarter end ÷ active fintech enterprises in a licensed activity.
-- Numerators and denominators are summed over parks for the district, then divided
-- (macro ratio_kpi_columns: a zero denominator gives no value, status no_data).

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

-- an incident counts for the park of its enterprise at the end of the event's quarter
fintech_risk_incidents as (

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
    where
        linked.is_risk_incident
        and linked.is_fintech
        and linked.park_id is not null

),

fintech_enterprise_quarters as (

    select * from {{ ref('int_kpi_fintech_enterprise_quarters') }}

),

active_fintech_enterprises as (

    select * from {{ ref('int_kpi_enterprise_demography') }}
    where kpi_id = 'K04'

),

incidents_per_quarter as (

    select
        event_park_id as park_id,
        event_quarter as quarter,
        count(*) as risk_incidents
    from fintech_risk_incidents
    group by event_park_id, event_quarter

),

states_per_quarter as (

    select
        park_id,
        quarter,
        count(case when is_on_abnormal_operation_list then 1 end) as abnormal_listed,
        count(case when is_in_licensed_activity then 1 end) as licensed_activity_firms,
        count(case when is_in_licensed_activity and holds_licence then 1 end)
            as licence_holders
    from fintech_enterprise_quarters
    group by park_id, quarter

),

per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        coalesce(incidents_per_quarter.risk_incidents, 0) as risk_incidents,
        coalesce(states_per_quarter.abnormal_listed, 0) as abnormal_listed,
        coalesce(states_per_quarter.licensed_activity_firms, 0) as licensed_activity_firms,
        coalesce(states_per_quarter.licence_holders, 0) as licence_holders
    from park_quarters
    left join incidents_per_quarter
        on
            park_quarters.park_id = incidents_per_quarter.park_id
            and park_quarters.quarter = incidents_per_quarter.quarter
    left join states_per_quarter
        on
            park_quarters.park_id = states_per_quarter.park_id
            and park_quarters.quarter = states_per_quarter.quarter

),

with_district_total as (

    {{ add_district_total(
        'per_park',
        ['risk_incidents', 'abnormal_listed', 'licensed_activity_firms', 'licence_holders'],
    ) }}

),

measures as (

    select
        with_district_total.*,
        active_fintech_enterprises.value as active_fintech_enterprises
    from with_district_total
    inner join active_fintech_enterprises
        on
            with_district_total.park_id = active_fintech_enterprises.park_id
            and with_district_total.quarter = active_fintech_enterprises.quarter

),

final as (

    select
        'K38' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('risk_incidents', 'active_fintech_enterprises', 1000) }}
    from measures

    union all

    select
        'K39' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('abnormal_listed', 'active_fintech_enterprises') }}
    from measures

    union all

    select
        'K40' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('licence_holders', 'licensed_activity_firms') }}
    from measures

)

select * from final
