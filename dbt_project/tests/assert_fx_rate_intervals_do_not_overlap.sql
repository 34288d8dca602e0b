-- At most one rate of a currency applies on any day (macro fx_rate_applies joins on the
-- interval containing the date; an overlap would duplicate amounts). Returns overlapping
-- pairs of intervals.

with

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

final as (

    select
        earlier.currency,
        earlier.valid_from as earlier_valid_from,
        earlier.valid_to as earlier_valid_to,
        later.valid_from as later_valid_from,
        later.valid_to as later_valid_to
    from fx_rates as earlier
    inner join fx_rates as later
        on
            earlier.currency = later.currency
            and earlier.valid_from < later.valid_from
            and earlier.valid_to >= later.valid_from

)

select * from final
