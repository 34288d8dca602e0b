-- Risk (action item 10): K38 risk incidents per 1,000 active fintech enterprises.
-- Numerator: risk-incident events (event_types.is_risk_incident) in the quarter of fintech
-- enterprises of the park; denominator: K04 of the same park and quarter. Both are summed
-- over parks for the district, then divided; a zero denominator gives no value (no_data).

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

fintech_risk_incidents as (

    select * from {{ ref('int_events_linked') }}
    where
        is_risk_incident
        and is_fintech
        and park_id is not null

),

active_fintech_enterprises as (

    select * from {{ ref('int_kpi_enterprise_demography') }}
    where kpi_id = 'K04'

),

incidents_per_quarter as (

    select
        park_id,
        event_quarter as quarter,
        count(*) as risk_incidents
    from fintech_risk_incidents
    group by park_id, event_quarter

),

per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        coalesce(incidents_per_quarter.risk_incidents, 0) as risk_incidents
    from park_quarters
    left join incidents_per_quarter
        on
            park_quarters.park_id = incidents_per_quarter.park_id
            and park_quarters.quarter = incidents_per_quarter.quarter

),

with_district_total as (

    {{ add_district_total('per_park', ['risk_incidents']) }}

),

final as (

    select
        'K38' as kpi_id,
        with_district_total.park_id,
        with_district_total.quarter,
        case
            when active_fintech_enterprises.value > 0
                then
                    cast(with_district_total.risk_incidents as {{ type_double() }})
                    * 1000
                    / active_fintech_enterprises.value
        end as value,
        cast(with_district_total.risk_incidents as {{ type_double() }}) as numerator,
        active_fintech_enterprises.value as denominator,
        false as is_estimate,
        case
            when active_fintech_enterprises.value > 0 then 'ok' else 'no_data'
        end as status
    from with_district_total
    inner join active_fintech_enterprises
        on
            with_district_total.park_id = active_fintech_enterprises.park_id
            and with_district_total.quarter = active_fintech_enterprises.quarter

)

select * from final
