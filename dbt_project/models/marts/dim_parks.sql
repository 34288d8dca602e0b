-- The parks of the KPI grid plus the district-total row that kpi_values uses.

with

parks as (

    select * from {{ ref('parks') }}

),

district_total as (

    select
        '{{ var("district_park_id") }}' as park_id,
        '浦东新区合计' as name_zh,
        'Pudong New Area total' as name_en,
        '浦东新区全部园区合计（有园区归属的全部企业）' as description_zh,
        'All parks together: every enterprise with a park' as description_en,
        0 as sort_order,
        true as is_district_total

),

final as (

    select
        park_id,
        name_zh,
        name_en,
        description_zh,
        description_en,
        sort_order,
        false as is_district_total
    from parks

    union all

    select
        park_id,
        name_zh,
        name_en,
        description_zh,
        description_en,
        sort_order,
        is_district_total
    from district_total

)

select * from final
