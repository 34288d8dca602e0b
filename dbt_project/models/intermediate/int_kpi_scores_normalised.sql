-- KPI scores (docs: kpi_scores): every implemented KPI value min-max normalised to 0-100
-- against fixed reference values of its park (min and max of its ok values over the
-- baseline year), clipped, flipped for down KPIs; no_data without a value or reference.

with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

kpi_definitions as (

    select * from {{ ref('kpi_definitions') }}
    where is_implemented

),

reference_values as (

    select
        kpi_id,
        park_id,
        min(value) as reference_min,
        max(value) as reference_max
    from kpi_values
    where
        status = 'ok'
        and quarter between '{{ var("score_reference_first_quarter") }}'
        and '{{ var("score_reference_last_quarter") }}'
    group by kpi_id, park_id

),

normalised as (

    select
        kpi_values.kpi_id,
        kpi_definitions.action_item_id,
        kpi_definitions.direction,
        kpi_definitions.weight,
        kpi_values.park_id,
        kpi_values.quarter,
        kpi_values.value,
        reference_values.reference_min,
        reference_values.reference_max,
        case
            when kpi_values.value is null or reference_values.reference_min is null then null
            when reference_values.reference_max = reference_values.reference_min
                then
                    case
                        when kpi_values.value > reference_values.reference_max then 100
                        when kpi_values.value < reference_values.reference_min then 0
                        else 50
                    end
            else
                least(
                    greatest(
                        (kpi_values.value - reference_values.reference_min)
                        * 100
                        / (reference_values.reference_max - reference_values.reference_min),
                        0
                    ),
                    100
                )
        end as score_up
    from kpi_values
    inner join kpi_definitions
        on kpi_values.kpi_id = kpi_definitions.kpi_id
    left join reference_values
        on
            kpi_values.kpi_id = reference_values.kpi_id
            and kpi_values.park_id = reference_values.park_id

),

final as (

    select
        kpi_id,
        action_item_id,
        weight,
        park_id,
        quarter,
        value,
        reference_min,
        reference_max,
        cast(
            case when direction = 'down' then 100 - score_up else score_up end
            as {{ type_double() }}
        ) as score,
        case when score_up is null then 'no_data' else 'ok' end as status
    from normalised

)

select * from final
