"""The static dashboard: one self-contained HTML file (inline CSS, JS and data; no server,
no network) with park and action-item filters, charts and KPI drill-down tables.

Data goes into a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
written as JSON escapes, so no text from data can close the block; the page's script
puts every text into the DOM with ``textContent`` (never as markup).
"""

from __future__ import annotations

import json

from fintech_cluster.reports.data import DISTRICT, ReportData
from fintech_cluster.reports.html import environment
from fintech_cluster.reports.labels import labels_for, pick

# Enough rows to trace a park's KPI; the workbook has them all.
DRILLDOWN_ROWS = 200


def json_for_script(payload: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _series(data: ReportData, subjects: list[str], lookup) -> dict[str, dict[str, list]]:
    """subject -> park -> one number (or null) per quarter since 2020."""
    return {
        subject: {
            park.park_id: [lookup(subject, park.park_id, quarter) for quarter in data.quarters]
            for park in data.parks
        }
        for subject in subjects
    }


def _drilldown(data: ReportData) -> dict[str, dict[str, list]]:
    """kpi -> park -> the rows behind the value, largest first; the district (``ALL``)
    holds every park's rows (contributions are stored per park)."""
    drilldown: dict[str, dict[str, list]] = {}
    for row in data.contributions:
        line = [row.entity_type, row.entity_id, row.name, row.contribution]
        for park_id in {row.park_id, DISTRICT}:
            drilldown.setdefault(row.kpi_id, {}).setdefault(park_id, []).append(line)
    for parks in drilldown.values():
        for park_id, rows in parks.items():
            rows.sort(key=lambda line: (-line[3], line[1]))
            parks[park_id] = rows[:DRILLDOWN_ROWS]
    return drilldown


def dashboard_payload(data: ReportData, lang: str) -> dict[str, object]:
    def value(kpi_id, park_id, quarter):
        found = data.value(kpi_id, park_id, quarter)
        return None if found is None else found.value

    def score(subject, park_id, quarter):
        found = data.score(subject, park_id, quarter)
        return None if found is None else round(found.score, 3)

    kpi_ids = [d.kpi_id for d in data.definitions]
    score_subjects = ["INDEX"] + [str(item.action_item_id) for item in data.action_items]
    drilldown = _drilldown(data)
    return {
        "quarter": data.quarter,
        "quarters": data.quarters,
        "version": data.published_version,
        "t": labels_for(lang),
        "parks": [{"id": p.park_id, "name": pick(p.name_zh, p.name_en, lang)} for p in data.parks],
        "actionItems": [
            {"id": str(a.action_item_id), "name": pick(a.name_zh, a.name_en, lang)}
            for a in data.action_items
        ],
        "kpis": [
            {
                "id": d.kpi_id,
                "actionItem": str(d.action_item_id),
                "name": pick(d.name_zh, d.name_en, lang),
                "unit": d.unit,
            }
            for d in data.definitions
        ],
        "values": _series(data, kpi_ids, value),
        "scores": _series(data, score_subjects, score),
        "status": {f"{kpi}|{park}": p.status for (kpi, park), p in data.progress.items()},
        "drilldown": drilldown,
        "drilldownLimit": DRILLDOWN_ROWS,
    }


def render_dashboard(data: ReportData, lang: str = "zh") -> str:
    payload = json_for_script(dashboard_payload(data, lang))
    return (
        environment()
        .get_template("dashboard.html")
        .render(t=labels_for(lang), lang=lang, quarter=data.quarter, payload=payload)
    )
