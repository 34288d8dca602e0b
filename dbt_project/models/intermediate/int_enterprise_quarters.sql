-- Every enterprise with a park (in any version) in every quarter of the spine, as it stood
-- (docs: enterprise_history): its park at the quarter's end and whether it was active at
-- the quarter's start (on the day before) and at its end. On a day, the version valid
-- then decides (the latest approved on or before it); before its first version an
-- enterprise keeps the first version's park and is active from its registration date.
-- The one place that says "active on a day" and "in which park": every KPI model reads
-- it (macro join_park_at_quarter_end for single facts).
--
-- Incremental (macros/incremental.sql): a refresh recomputes every quarter of the
-- enterprises with a version loaded since the last build (a new version changes the
-- quarters after it, and ends the one before), replaced by enterprise_id. A new quarter of
-- the spine changes the as-of quarter, which rebuilds the model (fintech_cluster/incremental.py).

{{ config(
    materialized='incremental',
    unique_key='enterprise_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

quarters as (

    select * from {{ ref('int_quarters') }}

),

versions as (

    select * from {{ ref('enterprise_versions') }}

),

park_enterprises as (

    select
        enterprise_id,
        max(case when is_current then registration_date end) as registration_date,
        max(_loaded_at) as _loaded_at
    from versions
    {% if is_incremental() %}
    where enterprise_id in (
        select enterprise_id from versions where {{ loaded_since_last_build() }}
    )
    {% endif %}
    group by enterprise_id
    having count(park_id) > 0

),

first_versions as (

    select * from versions
    where version_number = 1

),

enterprise_quarters as (

    select
        park_enterprises.enterprise_id,
        park_enterprises.registration_date,
        park_enterprises._loaded_at,
        quarters.quarter,
        quarters.quarter_start,
        quarters.quarter_end,
        cast({{ dbt.dateadd('day', -1, 'quarters.quarter_start') }} as date) as day_before_start
    from park_enterprises
    cross join quarters

),

final as (

    select
        enterprise_quarters.enterprise_id,
        enterprise_quarters.quarter,
        enterprise_quarters.quarter_start,
        enterprise_quarters.quarter_end,
        case
            when at_end.enterprise_id is null then first_versions.park_id
            else at_end.park_id
        end as park_id,
        enterprise_quarters.registration_date <= enterprise_quarters.day_before_start
        and coalesce(at_start.is_active, true) as is_active_at_start,
        enterprise_quarters.registration_date <= enterprise_quarters.quarter_end
        and coalesce(at_end.is_active, true) as is_active_at_end,
        coalesce(at_end.version_number, 0) as version_number,
        enterprise_quarters._loaded_at
    from enterprise_quarters
    inner join first_versions
        on enterprise_quarters.enterprise_id = first_versions.enterprise_id
    left join versions as at_end
        on
            enterprise_quarters.enterprise_id = at_end.enterprise_id
            and enterprise_quarters.quarter_end >= at_end.valid_from
            and (at_end.valid_to is null or enterprise_quarters.quarter_end < at_end.valid_to)
    left join versions as at_start
        on
            enterprise_quarters.enterprise_id = at_start.enterprise_id
            and enterprise_quarters.day_before_start >= at_start.valid_from
            and (
                at_start.valid_to is null
                or enterprise_quarters.day_before_start < at_start.valid_to
            )

)

select * from final
