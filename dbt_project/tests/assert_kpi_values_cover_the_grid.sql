-- kpi_values is exactly the grid: every implemented KPI × every park of dim_parks
-- (six parks and ALL) × every quarter of the spine, no row missing and none extra.
-- Returns the offending (kpi_id, park_id, quarter) with what is wrong with it.

with

implemented_kpis as (

    select kpi_id from {{ ref('kpi_definitions') }}
    where is_implemented

),

parks as (

    select park_id from {{ ref('dim_parks') }}

),

quarters as (

    select quarter from {{ ref('int_quarters') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

grid as (

    select
        implemented_kpis.kpi_id,
        parks.park_id,
        quarters.quarter
    from implemented_kpis
    cross join parks
    cross join quarters

),

missing_rows as (

    select
        grid.kpi_id,
        grid.park_id,
        grid.quarter,
        'missing from kpi_values' as problem
    from grid
    left join kpi_values
        on
            grid.kpi_id = kpi_values.kpi_id
            and grid.park_id = kpi_values.park_id
            and grid.quarter = kpi_values.quarter
    where kpi_values.kpi_id is null

),

extra_rows as (

    select
        kpi_values.kpi_id,
        kpi_values.park_id,
        kpi_values.quarter,
        'not in the grid' as problem
    from kpi_values
    left join grid
        on
            kpi_values.kpi_id = grid.kpi_id
            and kpi_values.park_id = grid.park_id
            and kpi_values.quarter = grid.quarter
    where grid.kpi_id is null

),

final as (

    select * from missing_rows
    union all
    select * from extra_rows

)

select * from final
