-- One row per deal, keyed by (company, deal date, round): the company is its USCC when
-- delivered, else its registered name. The latest load, then the highest row number wins.

with

source as (

    select * from {{ source('raw', 'financing_rounds') }}

),

renamed as (

    select
        -- ids
        coalesce(uscc, registered_name) as company_key,
        uscc,

        -- company, as written by the venture database
        company_name,
        registered_name,
        founded_on,
        location,

        -- deal; amounts in units of their currency (converted in intermediate)
        deal_date,
        round_raw,
        amount_text,
        amount,
        currency,
        amount_is_estimate,
        amount_is_undisclosed,
        investors,

        -- lineage
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at

    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by company_key, deal_date, round_raw
            order by
                _loaded_at desc,
                _row_number desc,
                _batch_id desc
        ) as version_rank
    from renamed

),

final as (

    select
        {{ surrogate_key(['company_key', 'deal_date', 'round_raw']) }} as round_id,
        company_key,
        uscc,
        company_name,
        registered_name,
        founded_on,
        location,
        deal_date,
        {{ quarter_label('deal_date') }} as deal_quarter,
        round_raw,
        amount_text,
        amount,
        currency,
        amount_is_estimate,
        amount_is_undisclosed,
        investors,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at
    from ranked
    where version_rank = 1

)

select * from final
