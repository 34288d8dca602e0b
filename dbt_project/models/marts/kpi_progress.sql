-- Progress to the (illustrative) 2027Q4 targets (docs: kpi_progress): for every
-- implemented KPI with a target, park and ALL, and quarter after the baseline quarter, the
-- straight path from the baseline to the target at that quarter and the share of it reached.

with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

kpi_definitions as (

    select * from {{ ref('kpi_definitions') }}
    where is_implemented

),

kpi_targets as (

    select * from {{ ref('kpi_targets') }}

),

values_with_targets as (

    select
        kpi_values.kpi_id,
        kpi_values.park_id,
        kpi_values.quarter,
        kpi_values.value,
        kpi_values.status,
        kpi_definitions.direction,
        kpi_targets.baseline_quarter,
        kpi_targets.baseline_method,
        kpi_targets.target_quarter,
        kpi_targets.target_factor,
        kpi_targets.is_illustrative,
        {{ quarter_index('kpi_values.quarter') }}
        - {{ quarter_index('kpi_targets.baseline_quarter') }} as quarters_since_baseline,
        {{ quarter_index('kpi_targets.target_quarter') }}
        - {{ quarter_index('kpi_targets.baseline_quarter') }} as plan_quarters
    from kpi_values
    inner join kpi_definitions
        on kpi_values.kpi_id = kpi_definitions.kpi_id
    inner join kpi_targets
        on kpi_values.kpi_id = kpi_targets.kpi_id

),

baselines as (

    select
        kpi_id,
        park_id,
        case
            when max(baseline_method) = 'quarter_value'
                then max(case when quarters_since_baseline = 0 then value end)
            else avg(case when quarters_since_baseline between -3 and 0 then value end)
        end as baseline_value
    from values_with_targets
    group by kpi_id, park_id

),

paths as (

    select
        values_with_targets.*,
        baselines.baseline_value,
        baselines.baseline_value * values_with_targets.target_factor as target_value,
        baselines.baseline_value
        + (
            baselines.baseline_value * values_with_targets.target_factor
            - baselines.baseline_value
        )
        * values_with_targets.quarters_since_baseline
        / values_with_targets.plan_quarters as path_value
    from values_with_targets
    inner join baselines
        on
            values_with_targets.kpi_id = baselines.kpi_id
            and values_with_targets.park_id = baselines.park_id
    where
        values_with_targets.quarters_since_baseline > 0
        and values_with_targets.quarters_since_baseline
        <= values_with_targets.plan_quarters

),

shares as (

    select
        *,
        case
            when value is null or path_value is null then null
            when direction = 'up' and path_value > 0 then value / path_value * 100
            when direction = 'down' and value > 0 then path_value / value * 100
        end as pct_of_path
    from paths

),

final as (

    select
        kpi_id,
        park_id,
        quarter,
        value,
        baseline_value,
        target_value,
        path_value,
        pct_of_path,
        case
            when value is null or baseline_value is null then 'no_data'
            when direction = 'down' and value = 0 then 'green'
            when pct_of_path is null then 'no_data'
            when pct_of_path >= 100 then 'green'
            when pct_of_path >= 85 then 'amber'
            else 'red'
        end as status,
        is_illustrative
    from shares

)

select * from final
