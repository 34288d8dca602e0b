-- The high-value invention patents (K22, docs/kpi-rules.md) of each quarter: one row per
-- patent in the K19 scope (invention, applicant of a park, fintech applicant or fintech
-- IPC) granted by quarter end and still valid then (legal status 有效, or lapsed after the
-- quarter end: 失效日 later than it; a lapsed patent without a lapse date never counts)
-- that has a family member published outside China (同族专利 with a publication number
-- not starting with CN), or that, by quarter end, is in a strategic-industry IPC group
-- (strategic_ipc_groups), was filed more than 10 years earlier (maintained over 10
-- years), or was pledged or awarded: a 专利质押登记 or 中国专利奖 event of a park
-- enterprise whose 备注 names the application number (申请号YYYYTNNNNNNN.C).

with

quarters as (

    select * from {{ ref('int_quarters') }}

),

granted_fintech_inventions as (

    select * from {{ ref('int_patents_linked') }}
    where
        patent_type = 'invention'
        and is_fintech_scope
        and park_id is not null
        and grant_date is not null
        and (legal_status = '有效' or lapse_date is not null)

),

strategic_ipc_groups as (

    select * from {{ ref('strategic_ipc_groups') }}

),

patent_events as (

    select * from {{ ref('int_events_linked') }}
    where
        event_type in ('patent_pledge', 'patent_award')
        and park_id is not null

),

-- ipc_codes is ';'-separated without spaces: ';' + prefix occurs after a separator
-- exactly when one of the codes starts with the prefix.
strategic_inventions as (

    select distinct granted_fintech_inventions.application_number
    from granted_fintech_inventions
    inner join strategic_ipc_groups
        on {{ dbt.position(
            dbt.concat(["';'", 'strategic_ipc_groups.ipc_prefix']),
            dbt.concat(["';'", 'granted_fintech_inventions.ipc_codes']),
        ) }} > 0

),

-- family_publications is ';'-separated: something is left once the CN members are
-- removed exactly when a member was published outside China.
overseas_family_inventions as (

    select application_number
    from granted_fintech_inventions
    where regexp_replace(';' || family_publications, ';CN[^;]*', '', 'g') != ''

),

pledged_or_awarded_patents as (

    select
        regexp_extract(description, '申请号([0-9]{12}\.[0-9X])', 1) as application_number,
        event_date
    from patent_events

),

first_pledges_or_awards as (

    select
        application_number,
        min(event_date) as first_pledge_or_award_date
    from pledged_or_awarded_patents
    group by application_number

),

final as (

    select
        quarters.quarter,
        -- the applicant's park at the end of the quarter reported
        reported_parks.park_id,
        granted_fintech_inventions.application_number,
        overseas_family_inventions.application_number is not null as has_overseas_family,
        strategic_inventions.application_number is not null as is_strategic_industry,
        granted_fintech_inventions.application_date
        < {{ dbt.dateadd('year', -10, 'quarters.quarter_end') }} as is_maintained_over_10_years,
        coalesce(
            first_pledges_or_awards.first_pledge_or_award_date <= quarters.quarter_end, false
        ) as is_pledged_or_awarded
    from quarters
    inner join granted_fintech_inventions
        on
            quarters.quarter_end >= granted_fintech_inventions.grant_date
            and (
                granted_fintech_inventions.lapse_date is null
                or quarters.quarter_end < granted_fintech_inventions.lapse_date
            )
    left join strategic_inventions
        on granted_fintech_inventions.application_number = strategic_inventions.application_number
    left join overseas_family_inventions
        on
            granted_fintech_inventions.application_number
            = overseas_family_inventions.application_number
    left join first_pledges_or_awards
        on
            granted_fintech_inventions.application_number
            = first_pledges_or_awards.application_number
    {{ join_park_at_quarter_end(
        'reported_parks',
        'granted_fintech_inventions',
        'granted_fintech_inventions.enterprise_id',
        'quarters.quarter',
    ) }}
    where
        overseas_family_inventions.application_number is not null
        or strategic_inventions.application_number is not null
        or granted_fintech_inventions.application_date
        < {{ dbt.dateadd('year', -10, 'quarters.quarter_end') }}
        or first_pledges_or_awards.first_pledge_or_award_date <= quarters.quarter_end

)

select * from final
