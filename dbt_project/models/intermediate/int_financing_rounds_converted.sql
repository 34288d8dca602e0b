-- Every financing round linked to its enterprise by USCC (else by its registered name through
-- meta.name_matches: resolved_* columns), with its standard stage and its
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

name_matches as (

    select * from {{ source('meta', 'name_matches') }}

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
        coalesce(enterprises.is_fintech, false) as is_fintech,
        {{ resolved_link('enterprises', 'name_linked', 'name_matches') }}
    from rounds
    left join round_stages
        on rounds.round_raw = round_stages.round_raw
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'rounds.currency', 'rounds.deal_date') }}
    left join enterprises
        on rounds.uscc = enterprises.uscc
    left join name_matches
        on rounds.uscc is null and rounds.registered_name = name_matches.source_name
    left join enterprises as name_linked
        on name_matches.uscc = name_linked.uscc

)

select * from final
