-- The high-value invention patents (K22, docs/kpi-rules.md) of each quarter: one row per
-- patent in the K19 scope (invention, applicant of a park, fintech applicant or fintech
-- IPC) granted by quarter end and valid (legal status 有效) that, by quarter end, is in a
-- strategic-industry IPC group (strategic_ipc_groups), was filed more than 10 years
-- earlier (maintained over 10 years), or was pledged or awarded: a 专利质押登记 or
-- 中国专利奖 event of a park enterprise whose 备注 names the application number
-- (申请号YYYYTNNNNNNN.C). Overseas patent families are not delivered yet.

with

quarters as (

    select * from {{ ref('int_quarters') }}

),

valid_fintech_inventions as (

    select * from {{ ref('int_patents_linked') }}
    where
        patent_type = 'invention'
        and is_fintech_scope
        and park_id is not null
        and grant_date is not null
        and legal_status = '有效'

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

    select distinct valid_fintech_inventions.application_number
    from valid_fintech_inventions
    inner join strategic_ipc_groups
        on {{ dbt.position(
            dbt.concat(["';'", 'strategic_ipc_groups.ipc_prefix']),
            dbt.concat(["';'", 'valid_fintech_inventions.ipc_codes']),
        ) }} > 0

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
        {{ park_at_quarter_end('valid_fintech_inventions.enterprise_id', 'quarters.quarter') }}
            as park_id,
        valid_fintech_inventions.application_number,
        strategic_inventions.application_number is not null as is_strategic_industry,
        valid_fintech_inventions.application_date
        < {{ dbt.dateadd('year', -10, 'quarters.quarter_end') }} as is_maintained_over_10_years,
        coalesce(
            first_pledges_or_awards.first_pledge_or_award_date <= quarters.quarter_end, false
        ) as is_pledged_or_awarded
    from quarters
    inner join valid_fintech_inventions
        on quarters.quarter_end >= valid_fintech_inventions.grant_date
    left join strategic_inventions
        on valid_fintech_inventions.application_number = strategic_inventions.application_number
    left join first_pledges_or_awards
        on
            valid_fintech_inventions.application_number
            = first_pledges_or_awards.application_number
    where
        strategic_inventions.application_number is not null
        or valid_fintech_inventions.application_date
        < {{ dbt.dateadd('year', -10, 'quarters.quarter_end') }}
        or first_pledges_or_awards.first_pledge_or_award_date <= quarters.quarter_end

)

select * from final
