-- Innovation (action item 5): K19 fintech invention applications filed in the quarter by
-- enterprises of the park, in the fintech scope of int_patents_linked.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

fintech_inventions as (

    select * from {{ ref('int_patents_linked') }}
    where
        patent_type = 'invention'
        and is_fintech_scope
        and park_id is not null

),

applications_per_quarter as (

    select
        park_id,
        application_quarter as quarter,
        count(*) as invention_applications
    from fintech_inventions
    group by park_id, application_quarter

),

per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        coalesce(applications_per_quarter.invention_applications, 0)
            as invention_applications
    from park_quarters
    left join applications_per_quarter
        on
            park_quarters.park_id = applications_per_quarter.park_id
            and park_quarters.quarter = applications_per_quarter.quarter

),

with_district_total as (

    {{ add_district_total('per_park', ['invention_applications']) }}

),

final as (

    select
        'K19' as kpi_id,
        park_id,
        quarter,
        cast(invention_applications as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

)

select * from final
