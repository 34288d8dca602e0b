-- Drill-down of the additive KPIs (docs: kpi_contributions): one row per KPI, park,
-- quarter and entity (enterprise, patent, financing round or event) counted in the value,
-- with its contribution (1, an event's level weight for K30, the CNY amount for K32).
-- A park's value is the sum of its rows; ALL's is the sum over all parks' rows (a
-- blocking test checks both against kpi_values). The ratios K39 and K40 list the
-- enterprises of their numerator (their sum is the numerator, not the value).
-- Every row counts for its enterprise's park at the end of the row's quarter (macro
-- join_park_at_quarter_end, docs: enterprise_history), as in the KPI models.
-- Rows are stored by quarter, KPI, park and contribution (largest first): a drill-down into
-- one cell reads only its row groups (DuckDB zone maps; docs/bench.md).

with

quarters as (

    select * from {{ ref('int_quarters') }}

),

enterprise_quarters as (

    select * from {{ ref('int_enterprise_quarters') }}

),

fintech_exits as (

    select
        versions.enterprise_id,
        versions.valid_from_quarter as exit_quarter
    from {{ ref('enterprise_versions') }} as versions
    inner join {{ ref('int_enterprises_classified') }} as classified
        on versions.enterprise_id = classified.enterprise_id
    where
        versions.is_exit
        and classified.is_fintech
        and classified.park_id is not null

),

fintech_enterprises as (

    select * from {{ ref('int_enterprises_classified') }}
    where is_fintech and park_id is not null

),

fintech_inventions as (

    select * from {{ ref('int_patents_linked') }}
    where
        patent_type = 'invention'
        and is_fintech_scope
        and park_id is not null

),

fintech_rounds as (

    select * from {{ ref('int_financing_rounds_converted') }}
    where
        is_fintech
        and park_id is not null

),

leading_firms as (

    select * from {{ ref('int_kpi_leading_firms_counted') }}

),

high_value_patent_quarters as (

    select * from {{ ref('int_kpi_high_value_patent_quarters') }}

),

fintech_enterprise_quarters as (

    select * from {{ ref('int_kpi_fintech_enterprise_quarters') }}

),

counted_events as (

    select * from {{ ref('int_kpi_events_counted') }}

),

active_at_quarter_end as (

    select
        enterprise_quarters.quarter,
        enterprise_quarters.quarter_end,
        enterprise_quarters.park_id,
        fintech_enterprises.enterprise_id,
        fintech_enterprises.registration_date
    from enterprise_quarters
    inner join fintech_enterprises
        on enterprise_quarters.enterprise_id = fintech_enterprises.enterprise_id
    where enterprise_quarters.is_active_at_end

),

contributions as (

    select
        'K04' as kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from active_at_quarter_end

    union all

    select
        'K12' as kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from active_at_quarter_end
    where registration_date > {{ dbt.dateadd('year', -5, 'quarter_end') }}

    union all

    select
        'K07' as kpi_id,
        registration_parks.park_id,
        fintech_enterprises.registration_quarter as quarter,
        'enterprise' as entity_type,
        fintech_enterprises.enterprise_id as entity_id,
        1 as contribution
    from fintech_enterprises
    {{ join_park_at_quarter_end(
        'registration_parks',
        'fintech_enterprises',
        'fintech_enterprises.enterprise_id',
        'fintech_enterprises.registration_quarter',
    ) }}

    union all

    select
        'K08' as kpi_id,
        exit_parks.park_id,
        fintech_exits.exit_quarter as quarter,
        'enterprise' as entity_type,
        fintech_exits.enterprise_id as entity_id,
        1 as contribution
    from fintech_exits
    {{ join_park_at_quarter_end(
        'exit_parks',
        'fintech_exits',
        'fintech_exits.enterprise_id',
        'fintech_exits.exit_quarter',
    ) }}

    union all

    select
        kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from leading_firms

    union all

    select
        'K10' as kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from fintech_enterprise_quarters
    where is_institutional_subsidiary

    union all

    select
        'K11' as kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from fintech_enterprise_quarters
    where is_big_tech_unit

    union all

    select
        'K39' as kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from fintech_enterprise_quarters
    where is_on_abnormal_operation_list

    union all

    select
        'K40' as kpi_id,
        park_id,
        quarter,
        'enterprise' as entity_type,
        enterprise_id as entity_id,
        1 as contribution
    from fintech_enterprise_quarters
    where is_in_licensed_activity and holds_licence

    union all

    select
        'K19' as kpi_id,
        application_parks.park_id,
        fintech_inventions.application_quarter as quarter,
        'patent' as entity_type,
        fintech_inventions.application_number as entity_id,
        1 as contribution
    from fintech_inventions
    {{ join_park_at_quarter_end(
        'application_parks',
        'fintech_inventions',
        'fintech_inventions.enterprise_id',
        'fintech_inventions.application_quarter',
    ) }}

    union all

    select
        'K20' as kpi_id,
        grant_parks.park_id,
        fintech_inventions.grant_quarter as quarter,
        'patent' as entity_type,
        fintech_inventions.application_number as entity_id,
        1 as contribution
    from fintech_inventions
    {{ join_park_at_quarter_end(
        'grant_parks',
        'fintech_inventions',
        'fintech_inventions.enterprise_id',
        'fintech_inventions.grant_quarter',
    ) }}
    where fintech_inventions.grant_date is not null

    union all

    select
        'K22' as kpi_id,
        park_id,
        quarter,
        'patent' as entity_type,
        application_number as entity_id,
        1 as contribution
    from high_value_patent_quarters

    union all

    select
        'K32' as kpi_id,
        deal_parks.park_id,
        fintech_rounds.deal_quarter as quarter,
        'financing_round' as entity_type,
        fintech_rounds.round_id as entity_id,
        fintech_rounds.amount_cny as contribution
    from fintech_rounds
    {{ join_park_at_quarter_end(
        'deal_parks',
        'fintech_rounds',
        'fintech_rounds.enterprise_id',
        'fintech_rounds.deal_quarter',
    ) }}
    where not fintech_rounds.amount_is_undisclosed

    union all

    select
        'K33' as kpi_id,
        deal_parks.park_id,
        fintech_rounds.deal_quarter as quarter,
        'financing_round' as entity_type,
        fintech_rounds.round_id as entity_id,
        1 as contribution
    from fintech_rounds
    {{ join_park_at_quarter_end(
        'deal_parks',
        'fintech_rounds',
        'fintech_rounds.enterprise_id',
        'fintech_rounds.deal_quarter',
    ) }}

    union all

    select
        kpi_id,
        park_id,
        quarter,
        'event' as entity_type,
        event_id as entity_id,
        points as contribution
    from counted_events

),

final as (

    select
        contributions.kpi_id,
        contributions.park_id,
        contributions.quarter,
        contributions.entity_type,
        contributions.entity_id,
        cast(contributions.contribution as {{ type_double() }}) as contribution
    from contributions
    -- the KPI grid's quarters only (births before 2020Q1, grants after the as-of date...)
    inner join quarters
        on contributions.quarter = quarters.quarter

)

select * from final
order by quarter asc, kpi_id asc, park_id asc, contribution desc, entity_type asc, entity_id asc
