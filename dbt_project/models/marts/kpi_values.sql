-- The KPI values (docs: kpi_values): one row per implemented KPI,
-- park (six parks and ALL) and quarter, one KPI-family model per action item.

with

enterprise_demography as (

    select * from {{ ref('int_kpi_enterprise_demography') }}

),

patents as (

    select * from {{ ref('int_kpi_patents') }}

),

financing as (

    select * from {{ ref('int_kpi_financing') }}

),

risk as (

    select * from {{ ref('int_kpi_risk') }}

),

enterprise_structure as (

    select * from {{ ref('int_kpi_enterprise_structure') }}

),

leading_firms as (

    select * from {{ ref('int_kpi_leading_firms') }}

),

events as (

    select * from {{ ref('int_kpi_events') }}

),

seed_to_a as (

    select * from {{ ref('int_kpi_seed_to_a') }}

),

enterprise_segments as (

    select * from {{ ref('int_kpi_enterprise_segments') }}

),

high_value_patents as (

    select * from {{ ref('int_kpi_high_value_patents') }}

),

unioned as (

    select * from enterprise_demography
    union all
    select * from patents
    union all
    select * from financing
    union all
    select * from risk
    union all
    select * from enterprise_structure
    union all
    select * from leading_firms
    union all
    select * from events
    union all
    select * from seed_to_a
    union all
    select * from enterprise_segments
    union all
    select * from high_value_patents

),

final as (

    select
        kpi_id,
        park_id,
        quarter,
        value,
        numerator,
        denominator,
        is_estimate,
        status
    from unioned

)

select * from final
