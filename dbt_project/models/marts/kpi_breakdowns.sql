-- Breakdowns of KPIs whose value is a total over categories (docs: kpi_breakdowns):
-- K33 deals by standardised stage (round_stages seed; a round name the seed does not know
-- is `unmapped`); K02 by valuation band, future_unicorn (US$250 million to 1 billion) and
-- unicorn (US$1 billion or more). One row per KPI, park (and ALL), quarter and category,
-- 0 when none; the categories of a KPI add up to its kpi_values value (a blocking test).

with

round_stages as (

    select distinct round_stage from {{ ref('round_stages') }}
    union all
    select 'unmapped' as round_stage

),

-- a round counts for the park of its enterprise at the end of the deal's quarter
fintech_rounds as (

    select
        linked.*,
        deal_parks.park_id as deal_park_id
    from {{ ref('int_financing_rounds_converted') }} as linked
    {{ join_park_at_quarter_end(
        'deal_parks',
        ref('int_financing_rounds_converted'),
        'linked.enterprise_id',
        'linked.deal_quarter',
    ) }}
    where
        linked.is_fintech
        and linked.park_id is not null

),

valuation_bands as (

    select 'future_unicorn' as valuation_band
    union all
    select 'unicorn' as valuation_band

),

valued_firms as (

    select * from {{ ref('int_kpi_leading_firms_counted') }}
    where kpi_id = 'K02'

),

firms_per_band as (

    select
        park_id,
        quarter,
        case
            when valuation_usd >= 1000000000 then 'unicorn'  -- US$1 billion
            else 'future_unicorn'
        end as valuation_band,
        count(*) as firms
    from valued_firms
    group by
        park_id,
        quarter,
        case when valuation_usd >= 1000000000 then 'unicorn' else 'future_unicorn' end

),

band_per_park as (

    {{ on_park_quarter_grid('valuation_bands', 'valuation_band', 'firms_per_band', {'firms': 0}) }}

),

band_with_district_total as (

    {{ add_district_total('band_per_park', ['firms'], key_columns=['valuation_band']) }}

),

deals_per_stage as (

    select
        deal_park_id as park_id,
        deal_quarter as quarter,
        coalesce(round_stage, 'unmapped') as round_stage,
        count(*) as deals
    from fintech_rounds
    group by deal_park_id, deal_quarter, coalesce(round_stage, 'unmapped')

),

per_park as (

    {{ on_park_quarter_grid('round_stages', 'round_stage', 'deals_per_stage', {'deals': 0}) }}

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

    union all

    select
        'K02' as kpi_id,
        park_id,
        quarter,
        'valuation_band' as breakdown,
        valuation_band as category,
        cast(firms as {{ type_double() }}) as value
    from band_with_district_total

)

select * from final
