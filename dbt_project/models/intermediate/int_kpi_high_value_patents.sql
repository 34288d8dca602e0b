-- K22 high-value invention patents (stock): the patents of
-- int_kpi_high_value_patent_quarters per park and quarter, 0 when none, and ALL.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

high_value_patent_quarters as (

    select * from {{ ref('int_kpi_high_value_patent_quarters') }}

),

per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        count(high_value_patent_quarters.application_number) as high_value_patents
    from park_quarters
    left join high_value_patent_quarters
        on
            park_quarters.park_id = high_value_patent_quarters.park_id
            and park_quarters.quarter = high_value_patent_quarters.quarter
    group by park_quarters.park_id, park_quarters.quarter

),

with_district_total as (

    {{ add_district_total('per_park', ['high_value_patents']) }}

),

final as (

    select
        'K22' as kpi_id,
        park_id,
        quarter,
        cast(high_value_patents as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

)

select * from final
