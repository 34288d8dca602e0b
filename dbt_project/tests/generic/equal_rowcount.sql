{#-
    Fails (one row) when the model and compare_model have different row counts: no row
    lost or multiplied between two layers that must keep the same grain.
-#}
{% test equal_rowcount(model, compare_model) %}

with

model_rows as (
    select count(*) as row_count from {{ model }}
),

compare_model_rows as (
    select count(*) as row_count from {{ compare_model }}
)

select
    model_rows.row_count as model_row_count,
    compare_model_rows.row_count as compare_model_row_count
from model_rows
cross join compare_model_rows
where model_rows.row_count <> compare_model_rows.row_count

{% endtest %}
