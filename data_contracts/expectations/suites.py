"""The quality gates on the marts, as Great Expectations suites (no Dagster here).

Each suite is a small SQL query on the working warehouse that yields the frame to check,
and the expectations that frame must meet. Thresholds come from ``thresholds.toml``.
The queries may read ``published.*``: the last published file, attached read-only when
it exists (row-count drift compares against it).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data_contracts.validation import CONTRACTS
from fintech_cluster.warehouse import AUDITED_CATALOG, PUBLISHED_SCHEMAS

THRESHOLDS_FILE = Path(__file__).with_name("thresholds.toml")
THRESHOLDS_ENV = "FINTECH_CLUSTER_THRESHOLDS"  # another thresholds file, e.g. per deployment

# Column names that would mean personal data reached the published file.
PERSONAL_DATA_COLUMNS = r"legal_rep|phone|mobile|id_number|id_card|email|法定代表人|身份证|电话"
PUBLISHED_SCHEMAS_SQL = str((*PUBLISHED_SCHEMAS, "meta"))


@dataclass(frozen=True)
class Thresholds:
    coverage_min: float
    freshness_max_days: float
    row_count_drift_band: float
    kpi_bounds_by_unit: dict[str, list[float]]
    kpi_bounds_by_kpi: dict[str, list[float]]


def load_thresholds() -> Thresholds:
    path = Path(os.environ.get(THRESHOLDS_ENV) or THRESHOLDS_FILE)
    return Thresholds(**tomllib.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Suite:
    """One gate: ``sql(con, thresholds)`` is the query that yields the frame to check,
    ``expectations(thresholds)`` the GX expectations it must meet (built lazily: importing
    GX costs seconds), ``target`` the mart it guards."""

    name: str
    target: str
    description: str
    sql: Callable[[duckdb.DuckDBPyConnection, Thresholds], str]
    expectations: Callable[[Thresholds], list]


def _kpi_bounds(_: Thresholds) -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="value", column_B="lower_bound", or_equal=True
        ),
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="upper_bound", column_B="value", or_equal=True
        ),
    ]


def _coverage(thresholds: Thresholds) -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="linked_share", min_value=thresholds.coverage_min, max_value=1
        ),
    ]


def _freshness(thresholds: Thresholds) -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnValuesToNotBeNull(column="age_days"),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="age_days", min_value=0, max_value=thresholds.freshness_max_days
        ),
    ]


def _row_count_drift(thresholds: Thresholds) -> list:
    import great_expectations as gx

    band = thresholds.row_count_drift_band
    return [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="ratio", min_value=1 - band, max_value=1 + band
        ),
    ]


def _no_personal_data(_: Thresholds) -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnValuesToNotMatchRegex(
            column="column_name", regex=PERSONAL_DATA_COLUMNS
        ),
    ]


def _bounds_sql(bounds: dict[str, list[float]]) -> str:
    rows = [
        f"('{key}', {lower}::double, '{upper}'::double)" for key, (lower, upper) in bounds.items()
    ]
    return "values " + ", ".join(rows or ["(null, null, null)"])


def _kpi_bounds_sql(_con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> str:
    """Each KPI value with its bounds: by KPI, else by unit, else [0, ∞)."""
    return f"""
        select k.kpi_id, k.park_id, k.quarter, d.unit, k.value,
            coalesce(by_kpi.lower_bound, by_unit.lower_bound, 0) as lower_bound,
            coalesce(by_kpi.upper_bound, by_unit.upper_bound, 'infinity') as upper_bound,
        from marts.kpi_values as k
        join reference.kpi_definitions as d using (kpi_id)
        left join ({_bounds_sql(thresholds.kpi_bounds_by_unit)})
            as by_unit (unit, lower_bound, upper_bound) on by_unit.unit = d.unit
        left join ({_bounds_sql(thresholds.kpi_bounds_by_kpi)})
            as by_kpi (kpi_id, lower_bound, upper_bound) on by_kpi.kpi_id = k.kpi_id
        where k.value is not null
    """


def _row_counts_sql(con: duckdb.DuckDBPyConnection, _thresholds: Thresholds) -> str:
    """Rows per marts table now and in the last published version (null when none).

    In tables keyed by KPI, only KPIs the published version already had are counted: a
    newly implemented KPI adds rows by definition, not by drift."""
    published = set(_marts_tables(con, "published")) if _is_attached(con, "published") else set()
    counts = " union all ".join(
        f"select '{table}', "
        + (
            _published_row_counts(con, table)
            if table in published
            else f"(select count(*) from marts.{table}), null"
        )
        for table in _marts_tables(con, AUDITED_CATALOG)
    )
    return f"""
        select *, rows_now / rows_published as ratio
        from ({counts}) as counts (table_name, rows_now, rows_published)
        order by table_name
    """


def _published_row_counts(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """``rows_now, rows_published`` of one table that the published version also has."""
    now, before = f"marts.{table}", f"published.marts.{table}"
    if _has_column(con, table, "kpi_id"):
        known_kpis = f"kpi_id in (select kpi_id from {before})"
        return f"(select count(*) from {now} where {known_kpis}), (select count(*) from {before})"
    return f"(select count(*) from {now}), (select count(*) from {before})"


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether the table has the column both now and in the published version."""
    rows = con.execute(
        "select count(distinct table_catalog) from information_schema.columns "
        "where table_schema = 'marts' and table_name = ? and column_name = ? "
        "and table_catalog in (?, 'published')",
        [table, column, AUDITED_CATALOG],
    ).fetchall()
    return rows[0][0] == 2


def _is_attached(con: duckdb.DuckDBPyConnection, catalog: str) -> bool:
    rows = con.execute(
        "select 1 from duckdb_databases() where database_name = ?", [catalog]
    ).fetchall()
    return bool(rows)


def _marts_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? "
        "and table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name",
        [catalog],
    ).fetchall()
    return [name for (name,) in rows]


def _fixed(sql: str) -> Callable[[duckdb.DuckDBPyConnection, Thresholds], str]:
    return lambda _con, _thresholds: sql


SUITES = (
    Suite(
        name="kpi_values_in_bounds",
        target="kpi_values",
        description="KPI values lie within their bounds: non-negative, shares within "
        "[0, 1] (per unit of reference.kpi_definitions; thresholds.toml).",
        sql=_kpi_bounds_sql,
        expectations=_kpi_bounds,
    ),
    Suite(
        name="enterprise_coverage",
        target="kpi_values",
        description="Share of patents and financing rounds linked to an enterprise.",
        sql=_fixed("""
            select 'fct_patents' as fact, count(*) as rows, count(enterprise_id) as linked,
                count(enterprise_id) / count(*) as linked_share,
            from marts.fct_patents
            union all
            select 'fct_financing_rounds', count(*), count(enterprise_id),
                count(enterprise_id) / count(*),
            from marts.fct_financing_rounds
        """),
        expectations=_coverage,
    ),
    Suite(
        name="feeds_fresh",
        target="kpi_values",
        description="Days since each feed's newest loaded delivery (meta.load_log).",
        sql=_fixed(f"""
            select feeds.feed, max(log.loaded_at) as last_loaded_at,
                date_diff('second', max(log.loaded_at), now()::timestamp) / 86400 as age_days,
            from (values {", ".join(f"('{feed}')" for feed in CONTRACTS)}) as feeds (feed)
            left join meta.load_log as log on log.feed = feeds.feed and log.status = 'loaded'
            group by feeds.feed order by feeds.feed
        """),
        expectations=_freshness,
    ),
    Suite(
        name="row_count_drift",
        target="kpi_values",
        description="Rows per marts table against the last published version.",
        sql=_row_counts_sql,
        expectations=_row_count_drift,
    ),
    Suite(
        name="no_personal_data_columns",
        target="dim_enterprises",
        description="No column of a published table is named like personal data.",
        sql=_fixed(f"""
            select table_schema, table_name, column_name from information_schema.columns
            where table_catalog = '{AUDITED_CATALOG}' and table_schema in {PUBLISHED_SCHEMAS_SQL}
        """),
        expectations=_no_personal_data,
    ),
)
