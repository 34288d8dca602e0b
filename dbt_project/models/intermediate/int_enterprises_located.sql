-- Every enterprise with the park its registered address points to (docs: park_assignment):
-- the matching rule with the lowest priority wins, ties go to the lowest park_id, and no
-- match leaves park_id null (outside Pudong).
--
-- Incremental: recomputes the enterprises whose staging row changed since the last build
-- (macros/incremental.sql), replaced by enterprise_id.

{{ config(
    materialized='incremental',
    unique_key='enterprise_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

enterprises as (

    select * from {{ ref('stg_registrations__enterprises') }}
    {% if is_incremental() %}
    where {{ loaded_since_last_build() }}
    {% endif %}

),

address_matches as (

    {{ park_address_matches('enterprises', ['enterprise_id']) }}

),

final as (

    select
        enterprises.*,
        address_matches.park_id,
        address_matches.matched_keyword as park_matched_keyword
    from enterprises
    left join address_matches
        on
            enterprises.enterprise_id = address_matches.enterprise_id
            and address_matches.match_rank = 1

)

select * from final
