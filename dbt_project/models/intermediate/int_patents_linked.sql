-- Every patent application linked to its applicant enterprise by applicant_uscc, flagged
-- when in the K19 fintech scope: the applicant is fintech, or any IPC code starts with a
-- prefix of the fintech_ipc_groups seed (G06Q20/, G06Q40/). Without a USCC, the first
-- applicant's name is resolved through meta.name_matches (resolved_* columns, link_method);
-- enterprise_id follows that link too when the var link_facts_by_name is true.
--
-- Incremental (macros/incremental.sql): a refresh recomputes the applications of macro
-- patents_to_link_again (named by new patent rows, with a changed applicant row, or
-- without a USCC), replaced by application number.

{{ config(
    materialized='incremental',
    unique_key='application_number',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with

enterprises as (

    select * from {{ ref('int_enterprises_classified') }}

),

{% if is_incremental() %}

patents as (

    select * from {{ ref('stg_patents__applications') }}
    where {{ patents_to_link_again('enterprises') }}

),

{% else %}

patents as (

    select * from {{ ref('stg_patents__applications') }}

),

{% endif %}

name_matches as (

    select * from {{ source('meta', 'name_matches') }}

),

fintech_ipc_groups as (

    select * from {{ ref('fintech_ipc_groups') }}

),

-- ipc_codes is ';'-separated without spaces; prefixing both sides with ';' makes
-- "occurs after a separator" mean "one of the codes starts with the prefix".
patents_with_fintech_ipc as (

    select distinct patents.application_number
    from patents
    inner join fintech_ipc_groups
        on {{ dbt.position(
            dbt.concat(["';'", 'fintech_ipc_groups.ipc_prefix']),
            dbt.concat(["';'", 'patents.ipc_codes']),
        ) }} > 0

),

final as (

    select
        patents.*,
        {{ linked_column('enterprises', 'name_linked', 'enterprise_id') }} as enterprise_id,
        {{ linked_column('enterprises', 'name_linked', 'park_id') }} as park_id,
        coalesce(
            {{ linked_column('enterprises', 'name_linked', 'is_fintech') }}, false
        ) as applicant_is_fintech,
        patents_with_fintech_ipc.application_number is not null as has_fintech_ipc,
        (
            coalesce({{ linked_column('enterprises', 'name_linked', 'is_fintech') }}, false)
            or patents_with_fintech_ipc.application_number is not null
        ) as is_fintech_scope,
        {{ resolved_link('enterprises', 'name_linked', 'name_matches') }},
        -- when the enterprise row of the USCC link was loaded: the change tracking of
        -- the applicants (a patent's own _loaded_at is another feed's)
        enterprises._loaded_at as _applicant_loaded_at
    from patents
    left join enterprises
        on patents.applicant_uscc = enterprises.uscc
    left join patents_with_fintech_ipc
        on patents.application_number = patents_with_fintech_ipc.application_number
    -- the first applicant, as ingestion.resolution reads it
    left join name_matches
        on
            patents.applicant_uscc is null
            and trim(split_part(patents.applicants, ';', 1)) = name_matches.source_name
    left join enterprises as name_linked
        on name_matches.uscc = name_linked.uscc

)

select * from final
