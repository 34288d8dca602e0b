-- Every enterprise with its fintech classification (docs: fintech_enterprise): the
-- industry rule for its section and division, and for section I a finance keyword in
-- its business scope.
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

    select * from {{ ref('int_enterprises_located') }}
    {% if is_incremental() %}
    where {{ loaded_since_last_build() }}
    {% endif %}

),

fintech_industry_rules as (

    select * from {{ ref('fintech_industry_rules') }}

),

finance_keywords as (

    select * from {{ ref('finance_keywords') }}

),

enterprises_with_finance_keyword as (

    select distinct enterprises.enterprise_id
    from enterprises
    inner join finance_keywords
        on {{ dbt.position('finance_keywords.keyword', 'enterprises.business_scope') }} > 0

),

final as (

    select
        enterprises.*,
        enterprises_with_finance_keyword.enterprise_id is not null
            as has_finance_keyword_in_scope,
        case
            when fintech_industry_rules.section is null then false
            when fintech_industry_rules.requires_finance_keyword
                then enterprises_with_finance_keyword.enterprise_id is not null
            else true
        end as is_fintech
    from enterprises
    left join fintech_industry_rules
        on
            enterprises.industry_section = fintech_industry_rules.section
            and enterprises.industry_division = fintech_industry_rules.division
    left join enterprises_with_finance_keyword
        on enterprises.enterprise_id = enterprises_with_finance_keyword.enterprise_id

)

select * from final
