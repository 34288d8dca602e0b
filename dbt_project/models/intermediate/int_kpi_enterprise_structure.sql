-- Structure of the fintech population (action items 2 and 3, docs: life_events):
-- K05 park share of the district stock, K09 net formation rate, K12 young firms
-- (aged under 5 years at quarter end) and K13 3-year survival of the births of q-12.
-- Ratios are computed from numerators and denominators summed over parks; a zero
-- denominator gives no value (no_data).

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

fintech_enterprises as (

    select * from {{ ref('int_enterprises_classified') }}
    where is_fintech and park_id is not null

),

enterprise_quarters as (

    select * from {{ ref('int_enterprise_quarters') }}

),

demography as (

    select * from {{ ref('int_kpi_enterprise_demography') }}

),

measures_per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        -- active at quarter start = active on the last day of the previous quarter
        count(
            case
                when enterprise_quarters.is_active_at_start
                    then fintech_enterprises.enterprise_id
            end
        ) as active_at_start,
        -- young: active at quarter end and registered less than 5 years before it
        count(
            case
                when
                    enterprise_quarters.is_active_at_end
                    and fintech_enterprises.registration_date
                    > {{ dbt.dateadd('year', -5, 'park_quarters.quarter_end') }}
                    then 1
            end
        ) as young_enterprises,
        -- births of the quarter twelve quarters earlier (q-12) ...
        count(
            case
                when
                    fintech_enterprises.registration_date
                    >= {{ dbt.dateadd('month', -36, 'park_quarters.quarter_start') }}
                    and fintech_enterprises.registration_date
                    < {{ dbt.dateadd('month', -33, 'park_quarters.quarter_start') }}
                    then 1
            end
        ) as cohort_births,
        -- ... and those of them still active at quarter end
        count(
            case
                when
                    fintech_enterprises.registration_date
                    >= {{ dbt.dateadd('month', -36, 'park_quarters.quarter_start') }}
                    and fintech_enterprises.registration_date
                    < {{ dbt.dateadd('month', -33, 'park_quarters.quarter_start') }}
                    and enterprise_quarters.is_active_at_end
                    then 1
            end
        ) as cohort_survivors
    from park_quarters
    -- each enterprise counts for its park at the end of the quarter reported
    left join enterprise_quarters
        on
            park_quarters.park_id = enterprise_quarters.park_id
            and park_quarters.quarter = enterprise_quarters.quarter
    left join fintech_enterprises
        on enterprise_quarters.enterprise_id = fintech_enterprises.enterprise_id
    group by park_quarters.park_id, park_quarters.quarter

),

with_district_total as (

    {{ add_district_total(
        'measures_per_park',
        ['active_at_start', 'young_enterprises', 'cohort_births', 'cohort_survivors'],
    ) }}

),

stock as (

    select
        park_id,
        quarter,
        value as active_enterprises
    from demography
    where kpi_id = 'K04'

),

district_stock as (

    select
        quarter,
        active_enterprises as district_active_enterprises
    from stock
    where park_id = '{{ var("district_park_id") }}'

),

net_births as (

    select
        births.park_id,
        births.quarter,
        births.value - deaths.value as net_births
    from demography as births
    inner join demography as deaths
        on
            births.park_id = deaths.park_id
            and births.quarter = deaths.quarter
            and deaths.kpi_id = 'K08'
    where births.kpi_id = 'K07'

),

measures as (

    select
        with_district_total.*,
        stock.active_enterprises,
        district_stock.district_active_enterprises,
        net_births.net_births
    from with_district_total
    inner join stock
        on
            with_district_total.park_id = stock.park_id
            and with_district_total.quarter = stock.quarter
    inner join district_stock
        on with_district_total.quarter = district_stock.quarter
    inner join net_births
        on
            with_district_total.park_id = net_births.park_id
            and with_district_total.quarter = net_births.quarter

),

final as (

    select
        'K05' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('active_enterprises', 'district_active_enterprises') }}
    from measures

    union all

    select
        'K09' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('net_births', 'active_at_start') }}
    from measures

    union all

    select
        'K12' as kpi_id,
        park_id,
        quarter,
        cast(young_enterprises as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from measures

    union all

    select
        'K13' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('cohort_survivors', 'cohort_births') }}
    from measures

)

select * from final
