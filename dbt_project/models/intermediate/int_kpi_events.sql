-- Event KPIs (action items 2-9: K06, K15-K18, K23-K25, K27-K31, K35, K36, K37): the sum
-- of the points of the events counted in int_kpi_events_counted (event counts, K30 level
-- points, K36 CNY amounts), per KPI, park and quarter (0 when nothing happened), and for
-- the district; is_estimate when an estimated amount contributes.

with

event_kpis as (

    select distinct kpi_id from {{ ref('kpi_event_types') }}

),

counted_events as (

    select * from {{ ref('int_kpi_events_counted') }}

),

points_per_quarter as (

    select
        kpi_id,
        park_id,
        quarter,
        sum(points) as points,
        {{ dbt.bool_or('is_estimate') }} as is_estimate
    from counted_events
    group by kpi_id, park_id, quarter

),

per_park as (

    {{ on_park_quarter_grid(
        'event_kpis', 'kpi_id', 'points_per_quarter', {'points': 0, 'is_estimate': 'false'}
    ) }}

),

with_district_total as (

    {{ add_district_total('per_park', ['points'], ['is_estimate'], key_columns=['kpi_id']) }}

),

final as (

    select
        kpi_id,
        park_id,
        quarter,
        cast(points as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        is_estimate,
        'ok' as status
    from with_district_total

)

select * from final
