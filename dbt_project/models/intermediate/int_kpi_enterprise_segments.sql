-- Segments of the fintech cluster (action item 3, docs/kpi-rules.md): K10 institutional
-- fintech subsidiaries and K11 big-tech fintech units (active fintech enterprises whose
-- name holds a group keyword of the fintech_group_units seed), and K14 the location
-- quotient: K04 ÷ (active enterprises of any industry × Shanghai's fintech share in the
-- quarter's year, city_reference seed) — i.e. the park's fintech share over the city's.
-- The district total sums the counts over parks, then divides.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

quarters as (

    select * from {{ ref('int_quarters') }}

),

fintech_enterprise_quarters as (

    select * from {{ ref('int_kpi_fintech_enterprise_quarters') }}

),

park_enterprises as (

    select * from {{ ref('int_enterprises_classified') }}
    where park_id is not null

),

enterprise_quarters as (

    select * from {{ ref('int_enterprise_quarters') }}

),

city_reference as (

    select * from {{ ref('city_reference') }}

),

segments_per_park as (

    select
        park_id,
        quarter,
        count(*) as active_fintech_enterprises,
        count(case when is_institutional_subsidiary then 1 end) as institutional_subsidiaries,
        count(case when is_big_tech_unit then 1 end) as big_tech_units
    from fintech_enterprise_quarters
    group by park_id, quarter

),

active_per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        count(park_enterprises.enterprise_id) as active_enterprises
    from park_quarters
    left join enterprise_quarters
        on
            park_quarters.park_id = enterprise_quarters.park_id
            and park_quarters.quarter = enterprise_quarters.quarter
            and enterprise_quarters.is_active_at_end
    left join park_enterprises
        on enterprise_quarters.enterprise_id = park_enterprises.enterprise_id
    group by park_quarters.park_id, park_quarters.quarter

),

per_park as (

    select
        active_per_park.park_id,
        active_per_park.quarter,
        active_per_park.active_enterprises,
        coalesce(segments_per_park.active_fintech_enterprises, 0) as active_fintech_enterprises,
        coalesce(segments_per_park.institutional_subsidiaries, 0) as institutional_subsidiaries,
        coalesce(segments_per_park.big_tech_units, 0) as big_tech_units
    from active_per_park
    left join segments_per_park
        on
            active_per_park.park_id = segments_per_park.park_id
            and active_per_park.quarter = segments_per_park.quarter

),

with_district_total as (

    {{ add_district_total(
        'per_park',
        [
            'active_enterprises',
            'active_fintech_enterprises',
            'institutional_subsidiaries',
            'big_tech_units',
        ],
    ) }}

),

location_quotient_parts as (

    select
        with_district_total.park_id,
        with_district_total.quarter,
        with_district_total.active_fintech_enterprises,
        -- the fintech enterprises the park would have at Shanghai's fintech share
        cast(with_district_total.active_enterprises as {{ type_double() }})
        * city_reference.shanghai_fintech_enterprises
        / city_reference.shanghai_enterprises as expected_fintech_enterprises
    from with_district_total
    inner join quarters
        on with_district_total.quarter = quarters.quarter
    left join city_reference
        on extract(year from quarters.quarter_start) = city_reference.year

),

final as (

    select
        'K10' as kpi_id,
        park_id,
        quarter,
        cast(institutional_subsidiaries as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

    union all

    select
        'K11' as kpi_id,
        park_id,
        quarter,
        cast(big_tech_units as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

    union all

    select
        'K14' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('active_fintech_enterprises', 'expected_fintech_enterprises') }}
    from location_quotient_parts

)

select * from final
