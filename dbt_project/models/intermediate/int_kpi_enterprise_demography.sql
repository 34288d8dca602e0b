-- Enterprise demography of fintech enterprises (action items 2 and 3):
-- K04 stock active at quarter end, K07 births and K08 deaths in the quarter
-- (docs: life_events), per park and for the district.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

fintech_enterprises as (

    select * from {{ ref('int_enterprises_classified') }}
    where is_fintech and park_id is not null

),

active_at_quarter_end as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        count(fintech_enterprises.enterprise_id) as active_enterprises
    from park_quarters
    left join fintech_enterprises
        -- active at quarter end: born on or before it, and no death or a later one
        on
            park_quarters.park_id = fintech_enterprises.park_id
            and {{ is_active_on('fintech_enterprises', 'park_quarters.quarter_end') }}
    group by park_quarters.park_id, park_quarters.quarter

),

births as (

    select
        park_id,
        registration_quarter as quarter,
        count(*) as births
    from fintech_enterprises
    group by park_id, registration_quarter

),

deaths as (

    select
        park_id,
        death_quarter as quarter,
        count(*) as deaths
    from fintech_enterprises
    where death_date is not null
    group by park_id, death_quarter

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
