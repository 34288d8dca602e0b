"""A small scorecard of the latest quarter (KPI × park), read from the published file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fintech_cluster.warehouse import connect_read_only, fetch_one

SCORECARD_SQL = """
    with latest as (select max(quarter) as quarter from marts.kpi_values)
    select
        k.kpi_id,
        d.name_en as kpi_name,
        d.unit,
        k.park_id,
        k.value,
        k.status,
        k.is_estimate,
    from marts.kpi_values as k
    inner join latest using (quarter)
    left join reference.kpi_definitions as d using (kpi_id)
    order by k.kpi_id, k.park_id
"""


@dataclass(frozen=True)
class Scorecard:
    quarter: str
    parks: list[str]
    kpis: list[tuple[str, str]]
    cells: dict[tuple[str, str], str]


def _format_value(value: float | None, unit: str, status: str, is_estimate: bool) -> str:
    """Short cells: CNY amounts in 万 or 亿, shares in %, counts as integers, rates 1 decimal."""
    if status != "ok" or value is None:
        return "no data"
    if unit == "share":
        text = f"{value:.1%}"
    elif unit == "cny" and abs(value) >= 1e8:
        text = f"{value / 1e8:,.2f}亿"
    elif unit == "cny" and abs(value) >= 1e4:
        text = f"{value / 1e4:,.0f}万"
    elif value == int(value):
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.1f}"
    return text + ("~" if is_estimate else "")


def read_scorecard(published: Path) -> Scorecard:
    with connect_read_only(published) as con:
        (quarter,) = fetch_one(con, "select max(quarter) from marts.kpi_values")
        parks = [
            park_id
            for (park_id,) in con.execute(
                "select park_id from marts.dim_parks order by park_id = 'ALL', sort_order"
            ).fetchall()
        ]
        rows = con.execute(SCORECARD_SQL).fetchall()
    kpis: dict[str, str] = {}
    cells: dict[tuple[str, str], str] = {}
    for kpi_id, kpi_name, unit, park_id, value, status, is_estimate in rows:
        kpis[kpi_id] = kpi_name or ""
        cells[(kpi_id, park_id)] = _format_value(value, unit, status, bool(is_estimate))
    return Scorecard(quarter=quarter, parks=parks, kpis=list(kpis.items()), cells=cells)
