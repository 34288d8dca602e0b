-- The district total (park_id = ALL) is computed over every enterprise with a park, so:
-- for additive KPIs (kpi_definitions.is_additive: K04, K07, K08, K19, K32) its value is
-- the sum of the six park values, and for every KPI its numerator and denominator are the
-- sums of the parks' (K38), except the denominator of K05 (park share), which is the
-- district stock in every row. Returns each (kpi_id, quarter) where that does not hold.

{%- set tolerance = 1e-6 %}
{%- set district_denominator_kpis = ['K05'] %}

with

kpi_definitions as (

    select * from {{ ref('kpi_definitions') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

sum_of_parks as (

    select
        kpi_id,
        quarter,
        sum(value) as value,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from kpi_values
    where park_id <> '{{ var("district_park_id") }}'
    group by kpi_id, quarter

),

district_total as (

    select * from kpi_values
    where park_id = '{{ var("district_park_id") }}'

),

compared as (

    select
        district_total.kpi_id,
        district_total.quarter,
        kpi_definitions.is_additive,
        district_total.value as district_value,
        sum_of_parks.value as sum_of_park_values,
        district_total.numerator as district_numerator,
        sum_of_parks.numerator as sum_of_park_numerators,
        district_total.denominator as district_denominator,
        sum_of_parks.denominator as sum_of_park_denominators
    from district_total
    inner join kpi_definitions
        on district_total.kpi_id = kpi_definitions.kpi_id
    left join sum_of_parks
        on
            district_total.kpi_id = sum_of_parks.kpi_id
            and district_total.quarter = sum_of_parks.quarter

),

final as (

    select * from compared
    where
        (
            is_additive
            and (
                sum_of_park_values is null
                or abs(district_value - sum_of_park_values)
                > {{ tolerance }} * (1 + abs(sum_of_park_values))
            )
        )
        -- numerators and denominators: both null (not a ratio) or equal
        or (district_numerator is null) <> (sum_of_park_numerators is null)
        or abs(district_numerator - sum_of_park_numerators)
        > {{ tolerance }} * (1 + abs(sum_of_park_numerators))
        or (
            kpi_id not in ('{{ district_denominator_kpis | join("', '") }}')
            and (
                (district_denominator is null) <> (sum_of_park_denominators is null)
                or abs(district_denominator - sum_of_park_denominators)
                > {{ tolerance }} * (1 + abs(sum_of_park_denominators))
            )
        )

)

select * from final
