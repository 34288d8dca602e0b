{#-
    A patent publication number without its kind code (CN114138539A and CN114138539B ->
    CN114138539): the application publication and the grant of one patent share it.
-#}
{% macro publication_key(column) -%}
    regexp_replace({{ column }}, '[A-Z][0-9]?$', '')
{%- endmacro %}

{#-
    The application each publication key means, as the rows of `relation` that carry both
    numbers (CNIPA tables' 公开号) say. A key that two applications claim is ambiguous: it
    finds neither (the rows naming it stay unlocated).
-#}
{% macro application_of_publication(relation) -%}
    select
        {{ publication_key('publication_number') }} as publication_key,
        min(application_number) as application_number
    from {{ relation }}
    where application_number is not null and publication_number is not null
    group by {{ publication_key('publication_number') }}
    having count(distinct application_number) = 1
{%- endmacro %}
