"""How numbers read in the report, dashboard and workbook: one place for the rules.

Missing values read "no data" (暂无数据), never 0. CNY amounts are whole yuan with
thousands separators, shares are percentages, counts whole numbers; ``~`` marks values
that include estimated amounts.
"""

from __future__ import annotations

from fintech_cluster.reports.labels import label

# Changes of these units are differences in points; of the others, relative changes.
POINT_UNITS = ("index", "share")


def format_value(value: float | None, unit: str, lang: str, is_estimate: bool = False) -> str:
    if value is None:
        return label("no_data", lang)
    if unit == "share":
        text = f"{value * 100:.1f}%"
    elif unit == "cny" or value == int(value):
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.2f}"
    return text + ("~" if is_estimate else "")


def format_change(current: float | None, before: float | None, unit: str) -> str:
    """``+3.2%`` (relative), ``+1.5`` points for an index, ``+0.8pp`` for a share; ``—``
    when either side is missing or the base is zero."""
    if current is None or before is None:
        return "—"
    if unit == "index":
        return f"{current - before:+.1f}"
    if unit == "share":
        return f"{(current - before) * 100:+.1f}pp"
    if before == 0:
        return "—"
    return f"{(current - before) / abs(before) * 100:+.1f}%"


def format_score(score: float | None, lang: str) -> str:
    return label("no_data", lang) if score is None else f"{score:.1f}"
