-- One row per enterprise (USCC) with its park, fintech flag, life events and registered
-- capital in CNY (rate valid on the registration date). No personal data.

with

enterprises as (

    select * from {{ ref('int_enterprises_classified') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

final as (

    select
        enterprises.enterprise_id,
        enterprises.uscc,
        enterprises.name,
        enterprises.park_id,
        enterprises.is_fintech,
        enterprises.registration_date,
        enterprises.status,
        enterprises.death_date,
        enterprises.registered_capital_amount * fx_rates.cny_per_unit
            as registered_capital_cny,
        enterprises.registered_capital_is_estimate,
        enterprises.industry_code,
        enterprises.enterprise_type,
        enterprises.address,
        enterprises.approval_date,
        enterprises._source_file,
        enterprises._row_number,
        enterprises._loaded_at
    from enterprises
    left join fx_rates
        on {{ fx_rate_applies(
            'fx_rates',
            'enterprises.registered_capital_currency',
            'enterprises.registration_date',
        ) }}

)

select * from final
