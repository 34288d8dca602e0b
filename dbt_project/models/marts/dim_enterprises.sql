-- One row per enterprise (USCC) with its park, fintech flag, life events, registered
-- capital in CNY (rate valid on the registration date) and how many patent applications and
-- financing rounds the marts link to it. No personal data.
--
-- Rows are stored by park, fintech flag and id: an analyst's "fintech firms of park X" reads
-- only that park's row groups (DuckDB zone maps), ~5 ms instead of a 4M-row scan at city
-- scale (docs/bench.md).

with

enterprises as (

    select * from {{ ref('int_enterprises_classified') }}

),

patent_applications as (

    select
        enterprise_id,
        count(*) as patent_applications
    from {{ ref('int_patents_linked') }}
    where enterprise_id is not null
    group by enterprise_id

),

financing_rounds as (

    select
        enterprise_id,
        count(*) as financing_rounds
    from {{ ref('int_financing_rounds_converted') }}
    where enterprise_id is not null
    group by enterprise_id

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
        coalesce(patent_applications.patent_applications, 0) as patent_applications,
        coalesce(financing_rounds.financing_rounds, 0) as financing_rounds,
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
    left join patent_applications
        on enterprises.enterprise_id = patent_applications.enterprise_id
    left join financing_rounds
        on enterprises.enterprise_id = financing_rounds.enterprise_id

)

select * from final
order by park_id asc, is_fintech desc, enterprise_id asc
