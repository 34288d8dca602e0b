"""Everything the report, dashboard and workbook show, read once from the published file.

Only the published warehouse is opened (read-only): it holds nothing that failed a blocking
check. Queries return plain dataclasses so the renderers never touch SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from fintech_cluster.reports.quarters import quarters_between, shift_quarter
from fintech_cluster.warehouse import connect_read_only, fetch_one

DISTRICT = "ALL"
TREND_START = "2020Q1"
# The executive summary's headline KPIs (district totals), after the cluster index.
HEADLINE_KPIS = ("K04", "K07", "K19", "K32")
TOP_LIMIT = 10


@dataclass(frozen=True)
class KpiDefinition:
    kpi_id: str
    action_item_id: int
    name_zh: str
    name_en: str
    unit: str
    direction: str
    formula_zh: str
    formula_en: str
    is_implemented: bool


@dataclass(frozen=True)
class ActionItem:
    action_item_id: int
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Park:
    park_id: str
    name_zh: str
    name_en: str
    is_district_total: bool


@dataclass(frozen=True)
class Score:
    """A score (0–100) with its weight-sensitivity band; ``None`` when there is no data."""

    score: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class KpiValue:
    value: float | None
    is_estimate: bool


@dataclass(frozen=True)
class Progress:
    path_value: float | None
    pct_of_path: float | None
    status: str  # green | amber | red | no_data


@dataclass(frozen=True)
class Headline:
    """A district number this quarter, a quarter before and a year before."""

    key: str  # a KPI id, or "INDEX" for the cluster index
    unit: str
    current: float | None
    previous: float | None
    year_ago: float | None


@dataclass(frozen=True)
class TopEnterprise:
    enterprise_id: str
    name: str
    park_id: str | None
    amount: float
    count: int


@dataclass(frozen=True)
class Contribution:
    kpi_id: str
    park_id: str
    entity_type: str
    entity_id: str
    name: str | None
    contribution: float


@dataclass(frozen=True)
class DataQuality:
    run: dict[str, object]
    checks: list[dict[str, object]]
    quarantine: list[tuple[str | None, str, int]]  # feed, rule, rows
    freshness: list[tuple[str, int, int, object]]  # feed, files, rows loaded, last loaded

    @property
    def checks_failed(self) -> int:
        return sum(1 for check in self.checks if not check["passed"])


@dataclass
class ReportData:
    quarter: str
    as_of: date
    published_version: str
    published_at: object
    definitions: list[KpiDefinition]
    action_items: list[ActionItem]
    parks: list[Park]
    quarters: list[str]
    # (kpi_id, park_id, quarter) -> value; absent key = no data
    values: dict[tuple[str, str, str], KpiValue]
    # ("INDEX" | action item id as text | kpi id, park_id, quarter) -> score
    scores: dict[tuple[str, str, str], Score]
    # (kpi_id, park_id) -> progress in the report quarter
    progress: dict[tuple[str, str], Progress]
    top_financing: list[TopEnterprise]
    top_patents: list[TopEnterprise]
    contributions: list[Contribution]
    quality: DataQuality
    headlines: list[Headline] = field(default_factory=list)

    @property
    def previous_quarter(self) -> str:
        return shift_quarter(self.quarter, -1)

    @property
    def year_ago_quarter(self) -> str:
        return shift_quarter(self.quarter, -4)

    @property
    def named_parks(self) -> list[Park]:
        return [park for park in self.parks if not park.is_district_total]

    def definition(self, kpi_id: str) -> KpiDefinition:
        return next(d for d in self.definitions if d.kpi_id == kpi_id)

    def value(self, kpi_id: str, park_id: str = DISTRICT, quarter: str | None = None):
        return self.values.get((kpi_id, park_id, quarter or self.quarter))

    def score(self, subject: str, park_id: str = DISTRICT, quarter: str | None = None):
        return self.scores.get((subject, park_id, quarter or self.quarter))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _definitions(con) -> list[KpiDefinition]:
    sql = """
        select kpi_id, action_item_id, name_zh, name_en, unit, direction, formula_zh, formula_en,
            coalesce(is_implemented, false)
        from reference.kpi_definitions order by kpi_id
    """
    return [KpiDefinition(*row) for row in _rows(con, sql)]


def _action_items(con) -> list[ActionItem]:
    sql = "select action_item_id, name_zh, name_en from reference.action_items order by 1"
    return [ActionItem(*row) for row in _rows(con, sql)]


def _parks(con) -> list[Park]:
    sql = """
        select park_id, name_zh, name_en, is_district_total from marts.dim_parks
        order by is_district_total desc, sort_order
    """
    return [Park(*row) for row in _rows(con, sql)]


def _values(con, quarter: str) -> dict[tuple[str, str, str], KpiValue]:
    """KPI values with status ok; a missing or not-ok value stays absent (shown as no data)."""
    sql = """
        select kpi_id, park_id, quarter, value, coalesce(is_estimate, false)
        from marts.kpi_values
        where status = 'ok' and value is not null and quarter between ? and ?
    """
    return {
        (kpi, park, q): KpiValue(value, estimate)
        for kpi, park, q, value, estimate in _rows(con, sql, [TREND_START, quarter])
    }


def _scores(con, quarter: str) -> dict[tuple[str, str, str], Score]:
    sql = """
        select
            case score_level when 'cluster_index' then 'INDEX' else subject_id end,
            park_id, quarter, score, score_low, score_high
        from marts.kpi_scores
        where status = 'ok' and score is not null and quarter between ? and ?
    """
    return {
        (subject, park, q): Score(score, low, high)
        for subject, park, q, score, low, high in _rows(con, sql, [TREND_START, quarter])
    }


def _progress(con, quarter: str) -> dict[tuple[str, str], Progress]:
    sql = """
        select kpi_id, park_id, path_value, pct_of_path, status
        from marts.kpi_progress where quarter = ?
    """
    return {
        (kpi, park): Progress(path, pct, status)
        for kpi, park, path, pct, status in _rows(con, sql, [quarter])
    }


TOP_FINANCING_SQL = """
    select e.enterprise_id, e.name, e.park_id, sum(f.amount_cny) as amount, count(*) as rounds
    from marts.fct_financing_rounds as f
    inner join marts.dim_enterprises as e using (enterprise_id)
    where f.is_fintech and f.park_id is not null and f.amount_cny is not null
        and f.deal_quarter between ? and ?
    group by all
    order by amount desc, e.enterprise_id
    limit ?
"""
TOP_PATENTS_SQL = """
    select e.enterprise_id, e.name, e.park_id, count(*) as applications, count(*)
    from marts.fct_patents as p
    inner join marts.dim_enterprises as e using (enterprise_id)
    where p.is_fintech_scope and p.park_id is not null and p.patent_type = 'invention'
        and p.application_quarter between ? and ?
    group by all
    order by applications desc, e.enterprise_id
    limit ?
"""


def _top(con, sql: str, quarter: str) -> list[TopEnterprise]:
    """Over the four quarters ending with the report quarter (one quarter is too few deals)."""
    window = [shift_quarter(quarter, -3), quarter, TOP_LIMIT]
    return [TopEnterprise(*row) for row in _rows(con, sql, window)]


CONTRIBUTIONS_SQL = """
    select c.kpi_id, c.park_id, c.entity_type, c.entity_id,
        coalesce(e.name, f.company_name, p.title, ev.enterprise_name) as name,
        c.contribution
    from marts.kpi_contributions as c
    left join marts.dim_enterprises as e
        on c.entity_type = 'enterprise' and e.enterprise_id = c.entity_id
    left join marts.fct_financing_rounds as f
        on c.entity_type = 'financing_round' and f.round_id = c.entity_id
    left join marts.fct_patents as p
        on c.entity_type = 'patent' and p.application_number = c.entity_id
    left join marts.fct_events as ev
        on c.entity_type = 'event' and ev.event_id = c.entity_id
    where c.quarter = ?
    order by c.kpi_id, c.park_id, c.contribution desc, c.entity_id
"""


def _contributions(con, quarter: str) -> list[Contribution]:
    return [Contribution(*row) for row in _rows(con, CONTRIBUTIONS_SQL, [quarter])]


FRESHNESS_SQL = """
    select feed, count(*) as files, sum(rows_loaded) as rows_loaded, max(loaded_at)
    from meta.load_log where status = 'loaded' group by feed order by feed
"""
QUARANTINE_SQL = """
    select log.feed, q.rule, count(*) as rows
    from meta.quarantine as q
    left join (select distinct batch_id, feed from meta.load_log) as log using (batch_id)
    group by all order by rows desc, log.feed, q.rule
"""


def _dicts(con, sql: str) -> list[dict[str, object]]:
    cursor = con.execute(sql)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _quality(con) -> DataQuality:
    """The run log as copied into the published file by ``warehouse.publish``."""
    runs = _dicts(con, "select * from meta.runs order by started_at desc limit 1")
    checks = _dicts(
        con,
        """
        select suite, target, expectation, column_name, passed, observed, error
        from meta.check_results
        where run_id = (select run_id from meta.check_results order by checked_at desc limit 1)
        order by suite, column_name
        """,
    )
    return DataQuality(
        run=runs[0] if runs else {},
        checks=checks,
        quarantine=_rows(con, QUARANTINE_SQL),
        freshness=_rows(con, FRESHNESS_SQL),
    )


def _headlines(data: ReportData) -> list[Headline]:
    quarters = (data.quarter, data.previous_quarter, data.year_ago_quarter)

    def score(q: str) -> float | None:
        found = data.score("INDEX", DISTRICT, q)
        return found.score if found else None

    def value(kpi_id: str, q: str) -> float | None:
        found = data.value(kpi_id, DISTRICT, q)
        return found.value if found else None

    headlines = [Headline("INDEX", "index", *[score(q) for q in quarters])]
    for kpi_id in HEADLINE_KPIS:
        unit = data.definition(kpi_id).unit
        headlines.append(Headline(kpi_id, unit, *[value(kpi_id, q) for q in quarters]))
    return headlines


def load_report_data(published: Path, quarter: str, as_of: date) -> ReportData:
    """Read every view of ``quarter`` from the published file; the quarter must be in it."""
    with connect_read_only(published) as con:
        version_id, published_at = fetch_one(
            con, "select version_id, published_at from meta.published_version"
        )
        first, last = fetch_one(con, "select min(quarter), max(quarter) from marts.kpi_values")
        if last is None or not (first <= quarter <= last):
            raise ValueError(
                f"quarter {quarter} is not in the published warehouse {published} "
                f"(it holds {first or '—'} to {last or '—'})"
            )
        quarters = quarters_between(max(first, TREND_START), quarter)
        data = ReportData(
            quarter=quarter,
            as_of=as_of,
            published_version=version_id,
            published_at=published_at,
            definitions=_definitions(con),
            action_items=_action_items(con),
            parks=_parks(con),
            quarters=quarters,
            values=_values(con, quarter),
            scores=_scores(con, quarter),
            progress=_progress(con, quarter),
            top_financing=_top(con, TOP_FINANCING_SQL, quarter),
            top_patents=_top(con, TOP_PATENTS_SQL, quarter),
            contributions=_contributions(con, quarter),
            quality=_quality(con),
        )
    data.headlines = _headlines(data)
    return data
