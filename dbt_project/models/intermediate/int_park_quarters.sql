-- The KPI grid of the parks: every park of the parks seed in every quarter of the spine.
-- KPI models start from it so that a park-quarter where nothing happened still gets its
-- zero; the district total is added by macro add_district_total.

with

parks as (

    select * from {{ ref('parks') }}

),

quarters as (

    select * from {{ ref('int_quarters') }}

),

final as (

    select
        parks.park_id,
        quarters.quarter,
        quarters.quarter_start,
        quarters.quarter_end
    from parks
    cross join quarters

)

select * from final
