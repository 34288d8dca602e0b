-- Financing funnel (action item 8): K34 seed-to-A conversion. The cohort of quarter q is
-- the fintech enterprises of the park with a seed/angel round in quarter q-8 (24 months
-- earlier, so that every cohort firm has had its full 24 months by the end of q); a firm
-- converts when it raises an A-stage round after its first seed/angel round of that
-- quarter and at most 24 months after it. no_data when the cohort is empty.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

fintech_rounds as (

    select * from {{ ref('int_financing_rounds_converted') }}
    where
        is_fintech
        and park_id is not null

),

first_seeds as (

    select
        enterprise_id,
        deal_quarter as seed_quarter,
        min(deal_date) as first_seed_date
    from fintech_rounds
    where round_stage = 'seed_angel'
    group by enterprise_id, deal_quarter

),

-- the cohort is reported 8 quarters after its seed quarter, for the park the firm is in
-- at the end of that reported quarter
cohort_firms as (

    select
        reported_parks.park_id,
        first_seeds.enterprise_id,
        first_seeds.seed_quarter,
        first_seeds.first_seed_date
    from first_seeds
    {{ join_park_at_quarter_end(
        'reported_parks',
        'first_seeds',
        'first_seeds.enterprise_id',
        quarter_label(dbt.dateadd('month', 24, quarter_start('first_seeds.first_seed_date'))),
    ) }}

),

a_rounds as (

    select
        enterprise_id,
        deal_date
    from fintech_rounds
    where round_stage = 'A'

),

converted_firms as (

    select distinct
        cohort_firms.park_id,
        cohort_firms.enterprise_id,
        cohort_firms.seed_quarter
    from cohort_firms
    inner join a_rounds
        on
            cohort_firms.enterprise_id = a_rounds.enterprise_id
            and cohort_firms.first_seed_date < a_rounds.deal_date
            and {{ dbt.dateadd('month', 24, 'cohort_firms.first_seed_date') }}
            >= a_rounds.deal_date

),

cohort_quarters as (

    select
        park_id,
        quarter,
        {{ quarter_label(dbt.dateadd('month', -24, 'quarter_start')) }} as seed_quarter
    from park_quarters

),

cohort_sizes as (

    select
        park_id,
        seed_quarter,
        count(*) as cohort_firms
    from cohort_firms
    group by park_id, seed_quarter

),

conversions as (

    select
        park_id,
        seed_quarter,
        count(*) as converted_firms
    from converted_firms
    group by park_id, seed_quarter

),

per_park as (

    select
        cohort_quarters.park_id,
        cohort_quarters.quarter,
        coalesce(cohort_sizes.cohort_firms, 0) as cohort_firms,
        coalesce(conversions.converted_firms, 0) as converted_firms
    from cohort_quarters
    left join cohort_sizes
        on
            cohort_quarters.park_id = cohort_sizes.park_id
            and cohort_quarters.seed_quarter = cohort_sizes.seed_quarter
    left join conversions
        on
            cohort_quarters.park_id = conversions.park_id
            and cohort_quarters.seed_quarter = conversions.seed_quarter

),

with_district_total as (

    {{ add_district_total('per_park', ['cohort_firms', 'converted_firms']) }}

),

final as (

    select
        'K34' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('converted_firms', 'cohort_firms') }}
    from with_district_total

)

select * from final
