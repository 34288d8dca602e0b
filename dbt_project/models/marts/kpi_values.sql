-- The KPI values of the first release (docs: kpi_values): one row per implemented KPI,
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

unioned as (

    select * from enterprise_demography
    union all
    select * from patents
    union all
    select * from financing
    union all
    select * from risk

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
