-- Breakdowns of KPIs whose value is a total over categories (docs: kpi_breakdowns):
-- K33 deals by standardised stage (round_stages seed; a round name the seed does not know
-- is `unmapped`). One row per KPI, park (and ALL), quarter and category, 0 when none; the
-- categories of a KPI add up to its kpi_values value (a blocking test).

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

round_stages as (

    select distinct round_stage from {{ ref('round_stages') }}
    union all
    select 'unmapped' as round_stage

),

fintech_rounds as (

    select * from {{ ref('int_financing_rounds_converted') }}
    where
        is_fintech
        and park_id is not null

),

deals_per_stage as (

    select
        park_id,
        deal_quarter as quarter,
        coalesce(round_stage, 'unmapped') as round_stage,
        count(*) as deals
    from fintech_rounds
    group by park_id, deal_quarter, coalesce(round_stage, 'unmapped')

),

per_park as (

    select
        round_stages.round_stage,
        park_quarters.park_id,
        park_quarters.quarter,
        coalesce(deals_per_stage.deals, 0) as deals
    from park_quarters
    cross join round_stages
    left join deals_per_stage
        on
            park_quarters.park_id = deals_per_stage.park_id
            and park_quarters.quarter = deals_per_stage.quarter
            and round_stages.round_stage = deals_per_stage.round_stage

),

with_district_total as (

    {{ add_district_total('per_park', ['deals'], key_columns=['round_stage']) }}

),

final as (

    select
        'K33' as kpi_id,
        park_id,
        quarter,
        'round_stage' as breakdown,
        round_stage as category,
        cast(deals as {{ type_double() }}) as value
    from with_district_total

)

select * from final
