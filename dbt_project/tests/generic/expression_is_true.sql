{#-
    Fails on every row where the boolean SQL expression is false or null (stricter than
    dbt_utils, where null passes: a rule that cannot be evaluated is not satisfied).
    With a column_name, the expression is appended to it: `amount_cny` + `>= 0`.
-#}
{% test expression_is_true(model, expression, column_name=none) %}

{%- set condition = (column_name ~ ' ' ~ expression) if column_name else expression %}

select *
from {{ model }}
where not coalesce({{ condition }}, false)

{% endtest %}
