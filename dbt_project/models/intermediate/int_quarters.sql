-- The quarter spine: every calendar quarter from var('first_quarter_start') (2020Q1) to
-- the quarter containing the as-of date. The number of quarters is worked out at compile
-- time, so the spine needs no query against the warehouse to be compiled.

{%- set first_day = modules.datetime.date.fromisoformat(var('first_quarter_start')) %}
{%- set last_day = as_of_date() %}
{%- set quarter_count = (last_day.year - first_day.year) * 4
    + (last_day.month - 1) // 3 - (first_day.month - 1) // 3 + 1 %}
{%- if quarter_count < 1 %}
    {{ exceptions.raise_compiler_error(
        'as-of date ' ~ last_day ~ ' is before first_quarter_start ' ~ first_day
    ) }}
{%- endif %}

with

quarter_numbers as (

    {{ dbt.generate_series(quarter_count) }}

),

quarter_starts as (

    select
        cast({{ dbt.dateadd(
            'quarter',
            'generated_number - 1',
            quarter_start("cast('" ~ first_day ~ "' as date)"),
        ) }} as date) as quarter_start
    from quarter_numbers

),

final as (

    select
        {{ quarter_label('quarter_start') }} as quarter,
        quarter_start,
        {{ quarter_end('quarter_start') }} as quarter_end
    from quarter_starts

)

select * from final
