-- Every financing round linked to its enterprise by USCC, with its standard stage and its
-- amount in CNY at the rate valid on the deal date. Undisclosed amounts stay null.

with

rounds as (

    select * from {{ ref('stg_financing__rounds') }}

),

enterprises as (

    select * from {{ ref('int_enterprises_classified') }}

),

round_stages as (

    select * from {{ ref('round_stages') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

final as (

    select
        rounds.*,
        round_stages.round_stage,
        fx_rates.cny_per_unit as fx_cny_per_unit,
        rounds.amount * fx_rates.cny_per_unit as amount_cny,
        enterprises.enterprise_id,
        enterprises.park_id,
        coalesce(enterprises.is_fintech, false) as is_fintech
    from rounds
    left join round_stages
        on rounds.round_raw = round_stages.round_raw
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'rounds.currency', 'rounds.deal_date') }}
    left join enterprises
        on rounds.uscc = enterprises.uscc

)

select * from final
