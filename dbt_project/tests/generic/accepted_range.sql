{#-
    Fails on every row outside [min_value, max_value] (bounds are SQL expressions, either
    may be omitted; `inclusive: false` makes them strict). Nulls pass.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- set operator_min = '>=' if inclusive else '>' %}
{%- set operator_max = '<=' if inclusive else '<' %}

select {{ column_name }}
from {{ model }}
where
    false
    {%- if min_value is not none %}
    or not ({{ column_name }} {{ operator_min }} {{ min_value }})
    {%- endif %}
    {%- if max_value is not none %}
    or not ({{ column_name }} {{ operator_max }} {{ max_value }})
    {%- endif %}

{% endtest %}
