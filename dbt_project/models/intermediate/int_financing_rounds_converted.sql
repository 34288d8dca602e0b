-- Every financing round linked to its enterprise by USCC (else by its registered name through
-- meta.name_matches: resolved_* columns; enterprise_id too when the var
-- link_facts_by_name is true), with its standard stage and its
-- amount in CNY at the rate valid on the deal date. Undisclosed amounts stay null.
-- One row per resolved enterprise and deal date, whichever sources delivered the deal.

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

linked as (

    select
        rounds.*,
        round_stages.round_stage,
        fx_rates.cny_per_unit as fx_cny_per_unit,
        rounds.amount * fx_rates.cny_per_unit as amount_cny,
        {{ linked_column('enterprises', 'name_linked', 'enterprise_id') }} as enterprise_id,
        {{ linked_column('enterprises', 'name_linked', 'park_id') }} as park_id,
        coalesce(
            {{ linked_column('enterprises', 'name_linked', 'is_fintech') }}, false
        ) as is_fintech,
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

),

-- One deal delivered by two sources (a venture export, a Crunchbase list under another
-- name) is one round: the rows of one resolved enterprise on one deal date are one deal.
-- The row that names its company best wins (USCC, exact name, fuzzy name), then the one
-- that knows the amount, then the one with a known stage, then the latest load.
ranked as (

    select
        *,
        row_number() over (
            partition by coalesce(resolved_enterprise_id, company_key), deal_date
            order by
                case link_method
                    when 'uscc' then 0
                    when 'exact_name' then 1
                    when 'fuzzy_name' then 2
                    else 3
                end,
                case when amount is not null then 0 else 1 end,
                case when round_stage is not null then 0 else 1 end,
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as source_rank
    from linked

),

final as (

    select * exclude (source_rank)
    from ranked
    where source_rank = 1

)

select * from final
