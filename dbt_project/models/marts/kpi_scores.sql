-- Scores and cluster index (docs: kpi_scores): KPI scores, action-item scores (weighted
-- mean of the ok KPI scores) and the cluster index (mean of the ok action-item scores),
-- per park and ALL and quarter, with the +/-20 % weight-sensitivity band.

{%- set sensitivity = var('score_weight_sensitivity') %}

with

kpi_scores as (

    select * from {{ ref('int_kpi_scores_normalised') }}

),

action_items as (

    select * from {{ ref('action_items') }}

),

park_quarters as (

    select distinct
        park_id,
        quarter
    from kpi_scores

),

weight_factors as (

    select {{ 1 - sensitivity }} as weight_factor
    union all
    select {{ 1 + sensitivity }} as weight_factor

),

ok_kpi_scores as (

    select * from kpi_scores
    where status = 'ok'

),

item_totals as (

    select
        action_item_id,
        park_id,
        quarter,
        sum(weight * score) as weighted_score_sum,
        sum(weight) as weight_sum
    from ok_kpi_scores
    group by action_item_id, park_id, quarter

),

-- one weight at a time changed by -/+ the sensitivity, the others kept
item_variations as (

    select
        item_totals.action_item_id,
        item_totals.park_id,
        item_totals.quarter,
        min(
            (
                item_totals.weighted_score_sum
                + (weight_factors.weight_factor - 1) * ok_kpi_scores.weight * ok_kpi_scores.score
            )
            / (item_totals.weight_sum + (weight_factors.weight_factor - 1) * ok_kpi_scores.weight)
        ) as score_low,
        max(
            (
                item_totals.weighted_score_sum
                + (weight_factors.weight_factor - 1) * ok_kpi_scores.weight * ok_kpi_scores.score
            )
            / (item_totals.weight_sum + (weight_factors.weight_factor - 1) * ok_kpi_scores.weight)
        ) as score_high
    from item_totals
    inner join ok_kpi_scores
        on
            item_totals.action_item_id = ok_kpi_scores.action_item_id
            and item_totals.park_id = ok_kpi_scores.park_id
            and item_totals.quarter = ok_kpi_scores.quarter
    cross join weight_factors
    group by item_totals.action_item_id, item_totals.park_id, item_totals.quarter

),

item_scores as (

    select
        action_items.action_item_id,
        park_quarters.park_id,
        park_quarters.quarter,
        item_totals.weighted_score_sum / item_totals.weight_sum as score,
        least(
            item_variations.score_low, item_totals.weighted_score_sum / item_totals.weight_sum
        ) as score_low,
        greatest(
            item_variations.score_high, item_totals.weighted_score_sum / item_totals.weight_sum
        ) as score_high
    from action_items
    cross join park_quarters
    left join item_totals
        on
            action_items.action_item_id = item_totals.action_item_id
            and park_quarters.park_id = item_totals.park_id
            and park_quarters.quarter = item_totals.quarter
    left join item_variations
        on
            action_items.action_item_id = item_variations.action_item_id
            and park_quarters.park_id = item_variations.park_id
            and park_quarters.quarter = item_variations.quarter

),

index_totals as (

    select
        park_id,
        quarter,
        sum(score) as score_sum,
        count(*) as item_count
    from item_scores
    where score is not null
    group by park_id, quarter

),

index_variations as (

    select
        index_totals.park_id,
        index_totals.quarter,
        min(
            (index_totals.score_sum + (weight_factors.weight_factor - 1) * item_scores.score)
            / (index_totals.item_count + weight_factors.weight_factor - 1)
        ) as score_low,
        max(
            (index_totals.score_sum + (weight_factors.weight_factor - 1) * item_scores.score)
            / (index_totals.item_count + weight_factors.weight_factor - 1)
        ) as score_high
    from index_totals
    inner join item_scores
        on
            index_totals.park_id = item_scores.park_id
            and index_totals.quarter = item_scores.quarter
            and item_scores.score is not null
    cross join weight_factors
    group by index_totals.park_id, index_totals.quarter

),

index_scores as (

    select
        park_quarters.park_id,
        park_quarters.quarter,
        index_totals.score_sum / index_totals.item_count as score,
        least(index_variations.score_low, index_totals.score_sum / index_totals.item_count)
            as score_low,
        greatest(
            index_variations.score_high, index_totals.score_sum / index_totals.item_count
        ) as score_high
    from park_quarters
    left join index_totals
        on
            park_quarters.park_id = index_totals.park_id
            and park_quarters.quarter = index_totals.quarter
    left join index_variations
        on
            park_quarters.park_id = index_variations.park_id
            and park_quarters.quarter = index_variations.quarter

),

unioned as (

    select
        'kpi' as score_level,
        kpi_id as subject_id,
        action_item_id,
        park_id,
        quarter,
        value,
        reference_min,
        reference_max,
        score,
        score as score_low,
        score as score_high
    from kpi_scores

    union all

    select
        'action_item' as score_level,
        cast(action_item_id as {{ dbt.type_string() }}) as subject_id,
        action_item_id,
        park_id,
        quarter,
        cast(null as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as reference_min,
        cast(null as {{ type_double() }}) as reference_max,
        score,
        score_low,
        score_high
    from item_scores

    union all

    select
        'cluster_index' as score_level,
        'INDEX' as subject_id,
        cast(null as integer) as action_item_id,
        park_id,
        quarter,
        cast(null as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as reference_min,
        cast(null as {{ type_double() }}) as reference_max,
        score,
        score_low,
        score_high
    from index_scores

),

final as (

    select
        score_level,
        subject_id,
        action_item_id,
        park_id,
        quarter,
        value,
        reference_min,
        reference_max,
        cast(score as {{ type_double() }}) as score,
        cast(score_low as {{ type_double() }}) as score_low,
        cast(score_high as {{ type_double() }}) as score_high,
        case when score is null then 'no_data' else 'ok' end as status
    from unioned

)

select * from final
