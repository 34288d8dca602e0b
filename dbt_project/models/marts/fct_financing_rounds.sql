-- One row per financing round (deal), linked to its enterprise by USCC, amount in CNY.
-- Investors are left out: angel investors can be natural persons.

with

rounds as (

    select * from {{ ref('int_financing_rounds_converted') }}

),

final as (

    select
        round_id,
        uscc,
        enterprise_id,
        park_id,
        is_fintech,
        company_name,
        registered_name,
        deal_date,
        deal_quarter,
        round_raw,
        round_stage,
        amount_text,
        amount,
        currency,
        fx_cny_per_unit,
        amount_cny,
        amount_is_estimate,
        amount_is_undisclosed,
        _source_file,
        _row_number,
        _loaded_at
    from rounds

)

select * from final
