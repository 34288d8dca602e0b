-- The drill-down reproduces the KPIs: for every additive KPI (kpi_definitions.is_additive)
-- that is implemented, each park's value in kpi_values is the sum of its rows in
-- kpi_contributions and ALL's value the sum over all parks' rows (0 when there is none);
-- for a ratio with contribution rows (K39, K40) the same holds for its numerator.
-- Returns each (kpi_id, park_id, quarter) where that does not hold.

with

contributions as (

    select * from {{ ref('kpi_contributions') }}

),

kpi_definitions as (

    select * from {{ ref('kpi_definitions') }}
    where
        is_implemented
        and (
            is_additive
            or kpi_id in (select distinct contributions.kpi_id from contributions)
        )

),

kpi_values as (

    select
        kpi_values.kpi_id,
        kpi_values.park_id,
        kpi_values.quarter,
        case
            when kpi_definitions.is_additive then kpi_values.value else kpi_values.numerator
        end as value
    from {{ ref('kpi_values') }} as kpi_values
    inner join kpi_definitions
        on kpi_values.kpi_id = kpi_definitions.kpi_id

),

per_park as (

    select
        kpi_id,
        park_id,
        quarter,
        sum(contribution) as total
    from contributions
    group by kpi_id, park_id, quarter

),

with_district_total as (

    select * from per_park
    union all
    select
        kpi_id,
        '{{ var("district_park_id") }}' as park_id,
        quarter,
        sum(contribution) as total
    from contributions
    group by kpi_id, quarter

),

final as (

    select
        kpi_values.kpi_id,
        kpi_values.park_id,
        kpi_values.quarter,
        kpi_values.value,
        coalesce(with_district_total.total, 0) as sum_of_contributions
    from kpi_values
    left join with_district_total
        on
            kpi_values.kpi_id = with_district_total.kpi_id
            and kpi_values.park_id = with_district_total.park_id
            and kpi_values.quarter = with_district_total.quarter
    where
        abs(kpi_values.value - coalesce(with_district_total.total, 0))
        > 1e-6 * (1 + abs(kpi_values.value))

)

select * from final
