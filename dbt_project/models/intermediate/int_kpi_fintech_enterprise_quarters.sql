-- Every fintech enterprise of a park active at the end of a quarter (docs/kpi-rules.md,
-- enterprise KPIs), with the states the segment and risk KPIs count:
-- K10/K11 its group segment (a fintech_group_units keyword in its name), K39 whether its
-- latest 列入/移出经营异常名录 event by quarter end is a listing (same day: the removal
-- is the later), K40 whether its business scope names a licensed activity
-- (licensed_activities) and whether it holds a licence (金融业务许可 event by quarter
-- end). Counted per park by int_kpi_enterprise_segments and int_kpi_risk, listed per
-- enterprise in kpi_contributions.

with

enterprise_quarters as (

    select * from {{ ref('int_enterprise_quarters') }}

),

fintech_enterprises as (

    select * from {{ ref('int_enterprises_classified') }}
    where is_fintech and park_id is not null

),

group_units as (

    select * from {{ ref('fintech_group_units') }}

),

licensed_activities as (

    select * from {{ ref('licensed_activities') }}

),

linked_events as (

    select * from {{ ref('int_events_linked') }}
    where enterprise_id is not null

),

enterprise_segments as (

    select
        fintech_enterprises.enterprise_id,
        {{ dbt.bool_or("group_units.segment = 'institutional_subsidiary'") }}
            as is_institutional_subsidiary,
        {{ dbt.bool_or("group_units.segment = 'big_tech_unit'") }} as is_big_tech_unit
    from fintech_enterprises
    inner join group_units
        on {{ dbt.position('group_units.name_keyword', 'fintech_enterprises.name') }} > 0
    group by fintech_enterprises.enterprise_id

),

licensed_activity_enterprises as (

    select distinct fintech_enterprises.enterprise_id
    from fintech_enterprises
    inner join licensed_activities
        on
            {{ dbt.position(
                'licensed_activities.scope_keyword', 'fintech_enterprises.business_scope'
            ) }} > 0

),

first_licences as (

    select
        enterprise_id,
        min(event_date) as first_licence_date
    from linked_events
    where event_type = 'licence_granted'
    group by enterprise_id

),

abnormal_list_events as (

    select
        enterprise_id,
        event_date,
        event_type = 'abnormal_operation_removal' as is_removal
    from linked_events
    where event_type in ('risk_abnormal_operation', 'abnormal_operation_removal')

),

active_at_quarter_end as (

    select
        enterprise_quarters.quarter,
        enterprise_quarters.quarter_end,
        enterprise_quarters.park_id,
        fintech_enterprises.enterprise_id
    from enterprise_quarters
    inner join fintech_enterprises
        on enterprise_quarters.enterprise_id = fintech_enterprises.enterprise_id
    where enterprise_quarters.is_active_at_end

),

abnormal_list_events_by_quarter_end as (

    select
        active_at_quarter_end.enterprise_id,
        active_at_quarter_end.quarter,
        abnormal_list_events.is_removal,
        row_number() over (
            partition by active_at_quarter_end.enterprise_id, active_at_quarter_end.quarter
            order by abnormal_list_events.event_date desc, abnormal_list_events.is_removal desc
        ) as recency_rank
    from active_at_quarter_end
    inner join abnormal_list_events
        on
            active_at_quarter_end.enterprise_id = abnormal_list_events.enterprise_id
            and active_at_quarter_end.quarter_end >= abnormal_list_events.event_date

),

final as (

    select
        active_at_quarter_end.quarter,
        active_at_quarter_end.park_id,
        active_at_quarter_end.enterprise_id,
        coalesce(enterprise_segments.is_institutional_subsidiary, false)
            as is_institutional_subsidiary,
        coalesce(enterprise_segments.is_big_tech_unit, false) as is_big_tech_unit,
        coalesce(not latest_abnormal_list_event.is_removal, false)
            as is_on_abnormal_operation_list,
        licensed_activity_enterprises.enterprise_id is not null as is_in_licensed_activity,
        coalesce(first_licences.first_licence_date <= active_at_quarter_end.quarter_end, false)
            as holds_licence
    from active_at_quarter_end
    left join enterprise_segments
        on active_at_quarter_end.enterprise_id = enterprise_segments.enterprise_id
    left join abnormal_list_events_by_quarter_end as latest_abnormal_list_event
        on
            active_at_quarter_end.enterprise_id = latest_abnormal_list_event.enterprise_id
            and active_at_quarter_end.quarter = latest_abnormal_list_event.quarter
            and latest_abnormal_list_event.recency_rank = 1
    left join licensed_activity_enterprises
        on active_at_quarter_end.enterprise_id = licensed_activity_enterprises.enterprise_id
    left join first_licences
        on active_at_quarter_end.enterprise_id = first_licences.enterprise_id

)

select * from final
