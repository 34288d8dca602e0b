"""The quarterly report as one HTML file (Jinja2, autoescaped): what Chromium prints to PDF.

Every text from data goes through autoescaping; only the SVG charts (drawn by matplotlib
from reference names and numbers, comments stripped) are inserted as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jinja2 import Environment, PackageLoader, select_autoescape

from fintech_cluster.reports import charts
from fintech_cluster.reports.data import DISTRICT, ReportData
from fintech_cluster.reports.fonts import CSS_FONT_FAMILY
from fintech_cluster.reports.formatting import format_change, format_score, format_value
from fintech_cluster.reports.labels import label, labels_for, pick

RISK_ACTION_ITEM = 10
TREND_KPIS = ("K04", "K19", "K32")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("fintech_cluster.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["score"] = format_score
    return env


@dataclass(frozen=True)
class ScorecardRow:
    kpi_id: str
    name: str
    unit: str
    raw_value: float | None
    value: str
    path: str
    pct: str
    status: str  # green | amber | red | no_data
    status_text: str


def _kpi_name(data: ReportData, kpi_id: str, lang: str) -> str:
    definition = data.definition(kpi_id)
    return pick(definition.name_zh, definition.name_en, lang)


def _value_text(data: ReportData, kpi_id: str, park_id: str, lang: str, quarter=None) -> str:
    found = data.value(kpi_id, park_id, quarter)
    unit = data.definition(kpi_id).unit
    return format_value(found and found.value, unit, lang, bool(found and found.is_estimate))


def scorecard_rows(data: ReportData, lang: str, park_id: str = DISTRICT) -> list[ScorecardRow]:
    """Every defined KPI, implemented or not: a KPI without a value reads "no data"."""
    rows = []
    for definition in data.definitions:
        found = data.value(definition.kpi_id, park_id)
        progress = data.progress.get((definition.kpi_id, park_id))
        status = progress.status if (progress and found) else "no_data"
        has_path = progress is not None and progress.path_value is not None
        rows.append(
            ScorecardRow(
                kpi_id=definition.kpi_id,
                name=pick(definition.name_zh, definition.name_en, lang),
                unit=definition.unit,
                raw_value=found.value if found else None,
                value=_value_text(data, definition.kpi_id, park_id, lang),
                path=format_value(progress.path_value, definition.unit, lang) if has_path else "—",
                pct=f"{progress.pct_of_path:.0f}%"
                if progress and progress.pct_of_path is not None and found
                else "—",
                status=status,
                status_text=label(status, lang),
            )
        )
    return rows


def _headlines(data: ReportData, lang: str) -> list[dict[str, str]]:
    rows = []
    for headline in data.headlines:
        name = (
            label("cluster_index", lang)
            if headline.key == "INDEX"
            else _kpi_name(data, headline.key, lang)
        )
        rows.append(
            {
                "key": headline.key,
                "name": name,
                "value": format_value(headline.current, headline.unit, lang),
                "qoq": format_change(headline.current, headline.previous, headline.unit),
                "yoy": format_change(headline.current, headline.year_ago, headline.unit),
            }
        )
    return rows


def _action_scores(data: ReportData, lang: str) -> list[dict[str, object]]:
    rows = []
    for item in data.action_items:
        found = data.score(str(item.action_item_id))
        rows.append(
            {
                "id": item.action_item_id,
                "name": pick(item.name_zh, item.name_en, lang),
                "score": found.score if found else None,
                "low": found.low if found else None,
                "high": found.high if found else None,
            }
        )
    return rows


def _score_chart(action_scores, lang: str) -> str:
    return charts.score_bars(
        [f"{row['id']} {row['name']}" for row in action_scores],
        [row["score"] for row in action_scores],
        [row["low"] for row in action_scores],
        [row["high"] for row in action_scores],
        label("index", lang),
    )


def _park_table(data: ReportData, lang: str) -> dict[str, object]:
    parks = data.parks
    rows = [
        [label("cluster_index", lang)]
        + [format_score(_s(data, "INDEX", p.park_id), lang) for p in parks]
    ]
    for item in data.action_items:
        name = f"{item.action_item_id} {pick(item.name_zh, item.name_en, lang)}"
        rows.append(
            [name]
            + [format_score(_s(data, str(item.action_item_id), p.park_id), lang) for p in parks]
        )
    rows.append(
        [_kpi_name(data, "K04", lang)] + [_value_text(data, "K04", p.park_id, lang) for p in parks]
    )
    return {"columns": [pick(p.name_zh, p.name_en, lang) for p in parks], "rows": rows}


def _s(data: ReportData, subject: str, park_id: str, quarter: str | None = None) -> float | None:
    """The score, or None (no data)."""
    found = data.score(subject, park_id, quarter)
    return found.score if found else None


def _v(data: ReportData, kpi_id: str, park_id: str, quarter: str | None = None) -> float | None:
    """The KPI value, or None (no data)."""
    found = data.value(kpi_id, park_id, quarter)
    return found.value if found else None


def _park_chart(data: ReportData, lang: str) -> str:
    parks = data.named_parks
    values = [_s(data, "INDEX", park.park_id) for park in parks]
    names = [pick(park.name_zh, park.name_en, lang) for park in parks]
    return charts.park_bars(
        names, values, f"{label('cluster_index', lang)} — {label('park', lang)}"
    )


def _trend_charts(data: ReportData, lang: str) -> list[str]:
    quarters = data.quarters
    index_series = {
        pick(park.name_zh, park.name_en, lang): [
            _s(data, "INDEX", park.park_id, q) for q in quarters
        ]
        for park in data.parks
    }
    svgs = [charts.trend_lines(quarters, index_series, label("cluster_index", lang))]
    for kpi_id in TREND_KPIS:
        series = {label("value_col", lang): [_v(data, kpi_id, DISTRICT, q) for q in quarters]}
        svgs.append(
            charts.trend_lines(quarters, series, f"{kpi_id} {_kpi_name(data, kpi_id, lang)}")
        )
    return svgs


def _park_name(data: ReportData, park_id: str | None, lang: str) -> str:
    for park in data.parks:
        if park.park_id == park_id:
            return pick(park.name_zh, park.name_en, lang)
    return park_id or ""


def _risk(data: ReportData, lang: str) -> dict[str, object]:
    risk_kpis = [d for d in data.definitions if d.action_item_id == RISK_ACTION_ITEM]
    rows = [
        [f"{d.kpi_id} {pick(d.name_zh, d.name_en, lang)}"]
        + [_value_text(data, d.kpi_id, park.park_id, lang) for park in data.parks]
        for d in risk_kpis
    ]
    red = [row for row in scorecard_rows(data, lang) if row.status == "red"]
    return {
        "columns": [pick(p.name_zh, p.name_en, lang) for p in data.parks],
        "rows": rows,
        "red": red,
    }


def _age_days(data: ReportData, loaded_at) -> str:
    if not isinstance(loaded_at, datetime):
        return "—"
    return str((data.as_of - loaded_at.date()).days)


def report_context(data: ReportData, lang: str) -> dict[str, object]:
    action_scores = _action_scores(data, lang)
    index = data.score("INDEX")
    return {
        "t": labels_for(lang),
        "lang": lang,
        "font_family": CSS_FONT_FAMILY,
        "data": data,
        "headlines": _headlines(data, lang),
        "index": index,
        "action_scores": action_scores,
        "score_chart": _score_chart(action_scores, lang),
        "scorecard": scorecard_rows(data, lang),
        "park_table": _park_table(data, lang),
        "park_chart": _park_chart(data, lang),
        "trend_charts": _trend_charts(data, lang),
        "top_financing": [
            (
                e.name,
                _park_name(data, e.park_id, lang),
                format_value(e.amount, "cny", lang),
                e.count,
            )
            for e in data.top_financing
        ],
        "top_patents": [
            (e.name, _park_name(data, e.park_id, lang), e.count) for e in data.top_patents
        ],
        "risk": _risk(data, lang),
        "freshness": [
            (feed, files, rows, loaded_at, _age_days(data, loaded_at))
            for feed, files, rows, loaded_at in data.quality.freshness
        ],
        "definitions": [
            {
                "kpi_id": d.kpi_id,
                "action_item_id": d.action_item_id,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "unit": d.unit,
                "direction": label(d.direction, lang)
                if d.direction in ("up", "down")
                else d.direction,
                "formula": pick(d.formula_zh, d.formula_en, lang),
            }
            for d in data.definitions
        ],
    }


def render_report(data: ReportData, lang: str) -> str:
    return environment().get_template("report.html").render(report_context(data, lang))
