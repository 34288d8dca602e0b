-- Every enterprise with the park its registered address points to (docs: park_assignment):
-- the matching rule with the lowest priority wins, ties go to the lowest park_id, and no
-- match leaves park_id null (outside Pudong).

with

enterprises as (

    select * from {{ ref('stg_registrations__enterprises') }}

),

park_address_rules as (

    select * from {{ ref('park_address_rules') }}

),

address_matches as (

    select
        enterprises.enterprise_id,
        park_address_rules.park_id,
        park_address_rules.keyword as matched_keyword,
        row_number() over (
            partition by enterprises.enterprise_id
            order by park_address_rules.priority asc, park_address_rules.park_id asc
        ) as match_rank
    from enterprises
    inner join park_address_rules
        on {{ dbt.position('park_address_rules.keyword', 'enterprises.address') }} > 0

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
