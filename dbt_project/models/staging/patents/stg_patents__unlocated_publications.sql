-- Patent publications delivered without an application number (Google Patents exports)
-- whose publication number finds no application (no row with an application number
-- carries it, or two applications claim it): kept and counted here, one row per
-- publication (kind code ignored), never in the patent counts.

with

source as (

    select * from {{ source('raw', 'patents') }}

),

application_of_publication as (

    {{ application_of_publication('source') }}

),

without_number as (

    select
        *,
        {{ publication_key('publication_number') }} as publication_key
    from source
    where application_number is null

),

ranked as (

    select
        without_number.*,
        row_number() over (
            partition by without_number.publication_key
            order by
                case when without_number.grant_date is not null then 0 else 1 end,
                without_number._loaded_at desc,
                without_number._row_number desc,
                without_number._batch_id desc
        ) as version_rank,
        count(*) over (partition by without_number.publication_key) as delivered_rows
    from without_number
    left join application_of_publication
        on without_number.publication_key = application_of_publication.publication_key
    where application_of_publication.publication_key is null

),

final as (

    select
        publication_key,
        publication_number,
        title,
        applicants,
        patent_type,
        legal_status,
        application_date,
        grant_date,
        delivered_rows,
        _batch_id,
        _source_file,
        _row_number,
        _loaded_at
    from ranked
    where version_rank = 1

)

select * from final
