-- The categories of a broken-down KPI (marts.kpi_breakdowns) add up to its value in
-- marts.kpi_values, for every park and quarter. Returns each row where they do not.

with

breakdowns as (

    select * from {{ ref('kpi_breakdowns') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

summed as (

    select
        kpi_id,
        park_id,
        quarter,
        breakdown,
        sum(value) as value
    from breakdowns
    group by kpi_id, park_id, quarter, breakdown

),

final as (

    select
        summed.kpi_id,
        summed.park_id,
        summed.quarter,
        summed.breakdown,
        summed.value as sum_of_categories,
        kpi_values.value as kpi_value
    from summed
    left join kpi_values
        on
            summed.kpi_id = kpi_values.kpi_id
            and summed.park_id = kpi_values.park_id
            and summed.quarter = kpi_values.quarter
    where
        kpi_values.value is null
        or abs(summed.value - kpi_values.value) > 1e-9 * (1 + abs(kpi_values.value))

)

select * from final
