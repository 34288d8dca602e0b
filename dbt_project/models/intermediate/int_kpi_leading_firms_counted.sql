-- The enterprises behind the leading-firm stocks (action item 1, docs: leading_firms), one
-- row per KPI, quarter and enterprise counted at the quarter's end:
-- K01 active enterprises of a park holding a benchmark designation (a designation event
-- dated on or before quarter end); K02 active fintech enterprises of a park whose latest
-- valuation report (独角兽培育库估值 event) on or before quarter end is at least
-- US$250 million (future unicorn; a unicorn from US$1 billion); K03 active fintech
-- enterprises of a park whose latest listing or delisting event on or before quarter end
-- is a listing (same day: delisting). valuation_usd is K02's latest valuation (null for
-- K01 and K03): kpi_breakdowns splits K02 into future unicorns and unicorns with it.

with

enterprise_quarters as (

    select * from {{ ref('int_enterprise_quarters') }}

),

enterprises as (

    select * from {{ ref('int_enterprises_classified') }}
    where park_id is not null

),

events as (

    select * from {{ ref('int_events_linked') }}
    where
        park_id is not null
        and event_type in ('benchmark_designation', 'listing', 'delisting', 'valuation_report')

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

-- valuations in US dollars: a USD amount as written, any other at the day's USD rate
valuations as (

    select
        events.enterprise_id,
        events.event_date,
        case
            when events.currency = 'USD' then events.amount
            else events.amount_cny / usd_rates.cny_per_unit
        end as valuation_usd
    from events
    left join fx_rates as usd_rates
        on {{ fx_rate_applies('usd_rates', "'USD'", 'events.event_date') }}
    where
        events.event_type = 'valuation_report'
        and events.amount is not null

),

-- only enterprises with a designation, listing or delisting can count
enterprises_with_events as (

    select enterprises.*
    from enterprises
    where enterprises.enterprise_id in (select events.enterprise_id from events)

),

active_enterprise_quarters as (

    select
        enterprise_quarters.quarter,
        enterprise_quarters.quarter_end,
        enterprises.enterprise_id,
        enterprise_quarters.park_id,
        enterprises.is_fintech
    from enterprise_quarters
    inner join enterprises_with_events as enterprises
        on enterprise_quarters.enterprise_id = enterprises.enterprise_id
    where enterprise_quarters.is_active_at_end

),

designated as (

    select distinct
        'K01' as kpi_id,
        active_enterprise_quarters.park_id,
        active_enterprise_quarters.quarter,
        active_enterprise_quarters.enterprise_id,
        cast(null as {{ type_double() }}) as valuation_usd
    from active_enterprise_quarters
    inner join events
        on
            active_enterprise_quarters.enterprise_id = events.enterprise_id
            and events.event_type = 'benchmark_designation'
            and active_enterprise_quarters.quarter_end >= events.event_date

),

listing_history as (

    select
        active_enterprise_quarters.park_id,
        active_enterprise_quarters.quarter,
        active_enterprise_quarters.enterprise_id,
        events.event_type,
        row_number() over (
            partition by
                active_enterprise_quarters.enterprise_id,
                active_enterprise_quarters.quarter
            order by
                events.event_date desc,
                case when events.event_type = 'delisting' then 0 else 1 end
        ) as recency_rank
    from active_enterprise_quarters
    inner join events
        on
            active_enterprise_quarters.enterprise_id = events.enterprise_id
            and events.event_type in ('listing', 'delisting')
            and active_enterprise_quarters.quarter_end >= events.event_date
    where active_enterprise_quarters.is_fintech

),

valuation_history as (

    select
        active_enterprise_quarters.park_id,
        active_enterprise_quarters.quarter,
        active_enterprise_quarters.enterprise_id,
        valuations.valuation_usd,
        row_number() over (
            partition by
                active_enterprise_quarters.enterprise_id,
                active_enterprise_quarters.quarter
            order by valuations.event_date desc, valuations.valuation_usd desc
        ) as recency_rank
    from active_enterprise_quarters
    inner join valuations
        on
            active_enterprise_quarters.enterprise_id = valuations.enterprise_id
            and active_enterprise_quarters.quarter_end >= valuations.event_date
    where active_enterprise_quarters.is_fintech

),

valued as (

    select
        'K02' as kpi_id,
        park_id,
        quarter,
        enterprise_id,
        valuation_usd
    from valuation_history
    where
        recency_rank = 1
        and valuation_usd >= 250000000  -- US$250 million: a future unicorn or more

),

listed as (

    select
        'K03' as kpi_id,
        park_id,
        quarter,
        enterprise_id,
        cast(null as {{ type_double() }}) as valuation_usd
    from listing_history
    where recency_rank = 1 and event_type = 'listing'

),

final as (

    select * from designated
    union all
    select * from valued
    union all
    select * from listed

)

select * from final
