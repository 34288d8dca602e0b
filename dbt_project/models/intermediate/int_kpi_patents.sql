-- Innovation (action item 5), over the fintech inventions of int_patents_linked (applicant
-- linked by USCC to an enterprise of the park, fintech applicant or fintech IPC):
-- K19 applications filed in the quarter, K20 grants in the quarter, K21 patent intensity
-- (K19 over the last four quarters per 100 active fintech enterprises, K04) and K26 the
-- share of K19 with a university or research-institute co-applicant.

with

park_quarters as (

    select * from {{ ref('int_park_quarters') }}

),

linked_fintech_inventions as (

    select * from {{ ref('int_patents_linked') }}
    where
        patent_type = 'invention'
        and is_fintech_scope
        and park_id is not null

),

enterprise_quarters as (

    select * from {{ ref('int_enterprise_quarters') }}

),

-- an application counts for the applicant's park at the end of its quarter, a grant
-- for the park at the end of the grant's quarter (macro join_park_at_quarter_end)
fintech_inventions as (

    select
        linked_fintech_inventions.*,
        application_parks.park_id as application_park_id,
        grant_parks.park_id as grant_park_id
    from linked_fintech_inventions
    {{ join_park_at_quarter_end(
        'application_parks',
        'linked_fintech_inventions',
        'linked_fintech_inventions.enterprise_id',
        'linked_fintech_inventions.application_quarter',
    ) }}
    {{ join_park_at_quarter_end(
        'grant_parks',
        'linked_fintech_inventions',
        'linked_fintech_inventions.enterprise_id',
        'linked_fintech_inventions.grant_quarter',
    ) }}

),

academic_keywords as (

    select * from {{ ref('academic_keywords') }}

),

active_fintech_enterprises as (

    select * from {{ ref('int_kpi_enterprise_demography') }}
    where kpi_id = 'K04'

),

-- co-applicants: the ';'-separated applicants after the first one
co_applicants as (

    select
        application_number,
        {{ dbt.right(
            'applicants',
            'length(applicants) - ' ~ dbt.position("';'", 'applicants'),
        ) }} as co_applicant_names
    from fintech_inventions
    where {{ dbt.position("';'", 'applicants') }} > 0

),

academic_co_patents as (

    select distinct co_applicants.application_number
    from co_applicants
    inner join academic_keywords
        on {{ dbt.position('academic_keywords.keyword', 'co_applicants.co_applicant_names') }} > 0

),

applications_per_quarter as (

    select
        fintech_inventions.application_park_id as park_id,
        fintech_inventions.application_quarter as quarter,
        count(*) as invention_applications,
        count(academic_co_patents.application_number) as academic_co_applications
    from fintech_inventions
    left join academic_co_patents
        on fintech_inventions.application_number = academic_co_patents.application_number
    group by fintech_inventions.application_park_id, fintech_inventions.application_quarter

),

grants_per_quarter as (

    select
        grant_park_id as park_id,
        grant_quarter as quarter,
        count(*) as invention_grants
    from fintech_inventions
    where grant_date is not null
    group by grant_park_id, grant_quarter

),

-- every application of the four quarters up to a quarter, with its applicant's park at
-- that quarter's end (joined from the inventions' side: only their applicants' quarters)
applications_in_windows as (

    select
        enterprise_quarters.park_id,
        enterprise_quarters.quarter,
        fintech_inventions.application_number
    from fintech_inventions
    inner join enterprise_quarters
        on
            fintech_inventions.enterprise_id = enterprise_quarters.enterprise_id
            and fintech_inventions.application_date
            >= {{ dbt.dateadd('month', -9, 'enterprise_quarters.quarter_start') }}
            and fintech_inventions.application_date <= enterprise_quarters.quarter_end

),

applications_last_four_quarters as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        count(applications_in_windows.application_number) as invention_applications_4q
    from park_quarters
    left join applications_in_windows
        on
            park_quarters.park_id = applications_in_windows.park_id
            and park_quarters.quarter = applications_in_windows.quarter
    group by park_quarters.park_id, park_quarters.quarter

),

per_park as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        coalesce(applications_per_quarter.invention_applications, 0)
            as invention_applications,
        coalesce(applications_per_quarter.academic_co_applications, 0)
            as academic_co_applications,
        coalesce(grants_per_quarter.invention_grants, 0) as invention_grants,
        applications_last_four_quarters.invention_applications_4q
    from park_quarters
    left join applications_per_quarter
        on
            park_quarters.park_id = applications_per_quarter.park_id
            and park_quarters.quarter = applications_per_quarter.quarter
    left join grants_per_quarter
        on
            park_quarters.park_id = grants_per_quarter.park_id
            and park_quarters.quarter = grants_per_quarter.quarter
    inner join applications_last_four_quarters
        on
            park_quarters.park_id = applications_last_four_quarters.park_id
            and park_quarters.quarter = applications_last_four_quarters.quarter

),

with_district_total as (

    {{ add_district_total(
        'per_park',
        [
            'invention_applications',
            'academic_co_applications',
            'invention_grants',
            'invention_applications_4q',
        ],
    ) }}

),

measures as (

    select
        with_district_total.*,
        active_fintech_enterprises.value as active_enterprises
    from with_district_total
    inner join active_fintech_enterprises
        on
            with_district_total.park_id = active_fintech_enterprises.park_id
            and with_district_total.quarter = active_fintech_enterprises.quarter

),

final as (

    select
        'K19' as kpi_id,
        park_id,
        quarter,
        cast(invention_applications as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from measures

    union all

    select
        'K20' as kpi_id,
        park_id,
        quarter,
        cast(invention_grants as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator,
        false as is_estimate,
        'ok' as status
    from measures

    union all

    select
        'K21' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('invention_applications_4q', 'active_enterprises', 100) }}
    from measures

    union all

    select
        'K26' as kpi_id,
        park_id,
        quarter,
        {{ ratio_kpi_columns('academic_co_applications', 'invention_applications') }}
    from measures

)

select * from final
