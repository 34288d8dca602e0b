-- Financing (action item 8): K32 equity financing in CNY raised in the quarter by fintech
-- enterprises of the park. Undisclosed rounds are left out (never counted as 0); the value
-- is an estimate when any estimated amount ("数千万") contributes. K33 deals: every round
-- of those enterprises in the quarter, disclosed or not (the count per standard stage is
-- in marts.kpi_breakdowns).

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

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

financing_per_quarter as (

    select
        deal_park_id as park_id,
        deal_quarter as quarter,
        count(*) as deals,
        sum(case when not amount_is_undisclosed then amount_cny end) as financing_cny,
        {{ dbt.bool_or('amount_is_estimate and not amount_is_undisclosed') }}
            as has_estimated_amount
    from fintech_rounds
    group by deal_park_id, deal_quarter

),

per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        coalesce(financing_per_quarter.deals, 0) as deals,
        coalesce(financing_per_quarter.financing_cny, 0) as financing_cny,
        coalesce(financing_per_quarter.has_estimated_amount, false) as has_estimated_amount
    from park_quarters
    left join financing_per_quarter
        on
            park_quarters.park_id = financing_per_quarter.park_id
            and park_quarters.quarter = financing_per_quarter.quarter

),

with_district_total as (

    {{ add_district_total('per_park', ['deals', 'financing_cny'], ['has_estimated_amount']) }}

),

final as (

    select
        'K32' as kpi_id,
        park_id,
        quarter,
        cast(financing_cny as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        has_estimated_amount as is_estimate,
        'ok' as status
    from with_district_total

    union all

    select
        'K33' as kpi_id,
        park_id,
        quarter,
        cast(deals as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from with_district_total

)

select * from final
