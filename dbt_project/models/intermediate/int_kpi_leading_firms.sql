-- Leading firms (action item 1): K01 benchmark enterprises, K02 unicorns and future
-- unicorns and K03 listed fintech enterprises at quarter end, counted from
-- int_kpi_leading_firms_counted per park (0 when none) and for the district.

with

counted_enterprises as (

    select * from {{ ref('int_kpi_leading_firms_counted') }}

),

leading_firm_kpis as (

    select 'K01' as kpi_id
    union all
    select 'K02' as kpi_id
    union all
    select 'K03' as kpi_id

),

enterprises_per_quarter as (

    select
        kpi_id,
        park_id,
        quarter,
        count(*) as enterprises
    from counted_enterprises
    group by kpi_id, park_id, quarter

),

per_park as (

    {{ on_park_quarter_grid(
        'leading_firm_kpis', 'kpi_id', 'enterprises_per_quarter', {'enterprises': 0}
    ) }}

),

with_district_total as (

    {{ add_district_total('per_park', ['enterprises'], key_columns=['kpi_id']) }}

),

final as (

    select
        kpi_id,
        park_id,
        quarter,
        cast(enterprises as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

)

select * from final
