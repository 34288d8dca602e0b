-- Enterprise demography of fintech enterprises (action items 2 and 3):
-- K04 stock active at quarter end, K07 births (registrations) and K08 deaths (exits:
-- 注销, 吊销, 迁出) in the quarter (docs: life_events), per park and for the district. A
-- firm that leaves and returns (迁入) counts one death, and is active again from its
-- return (int_enterprise_quarters); a return is not a birth. An enterprise counts for its park
-- at the end of the quarter (docs: enterprise_history): a later move changes no earlier
-- quarter. K04 counts the rows of int_kpi_fintech_enterprise_quarters, as K14's numerator
-- (int_kpi_enterprise_segments) does: "active fintech enterprise" is defined there once.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

fintech_enterprises_located as (

    select * from {{ ref('int_enterprises_classified') }}
    where is_fintech and park_id is not null

),

fintech_enterprises as (

    select
        fintech_enterprises_located.*,
        registration_parks.park_id as registration_park_id
    from fintech_enterprises_located
    {{ join_park_at_quarter_end(
        'registration_parks',
        'fintech_enterprises_located',
        'fintech_enterprises_located.enterprise_id',
        'fintech_enterprises_located.registration_quarter',
    ) }}

),

exits as (

    select
        exit_parks.park_id,
        versions.valid_from_quarter as quarter,
        versions.enterprise_id
    from {{ ref('enterprise_versions') }} as versions
    inner join fintech_enterprises
        on versions.enterprise_id = fintech_enterprises.enterprise_id
    {{ join_park_at_quarter_end(
        'exit_parks',
        'fintech_enterprises_located',
        'versions.enterprise_id',
        'versions.valid_from_quarter',
    ) }}
    where versions.is_exit

),

fintech_enterprise_quarters as (

    select * from {{ ref('int_kpi_fintech_enterprise_quarters') }}

),

active_at_quarter_end as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        count(fintech_enterprise_quarters.enterprise_id) as active_enterprises
    from park_quarters
    left join fintech_enterprise_quarters
        on
            park_quarters.park_id = fintech_enterprise_quarters.park_id
            and park_quarters.quarter = fintech_enterprise_quarters.quarter
    group by park_quarters.park_id, park_quarters.quarter

),

births as (

    select
        registration_park_id as park_id,
        registration_quarter as quarter,
        count(*) as births
    from fintech_enterprises
    group by registration_park_id, registration_quarter

),

deaths as (

    select
        park_id,
        quarter,
        count(*) as deaths
    from exits
    group by park_id, quarter

),

per_park as (

    select
        active_at_quarter_end.park_id,
        active_at_quarter_end.quarter,
        active_at_quarter_end.active_enterprises,
        coalesce(births.births, 0) as births,
        coalesce(deaths.deaths, 0) as deaths
    from active_at_quarter_end
    left join births
        on
            active_at_quarter_end.park_id = births.park_id
            and active_at_quarter_end.quarter = births.quarter
    left join deaths
        on
            active_at_quarter_end.park_id = deaths.park_id
            and active_at_quarter_end.quarter = deaths.quarter

),

with_district_total as (

    {{ add_district_total('per_park', ['active_enterprises', 'births', 'deaths']) }}

),

final as (

    select
        'K04' as kpi_id,
        park_id,
        quarter,
        cast(active_enterprises as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

    union all

    select
        'K07' as kpi_id,
        park_id,
        quarter,
        cast(births as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

    union all

    select
        'K08' as kpi_id,
        park_id,
        quarter,
        cast(deaths as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

)

select * from final
