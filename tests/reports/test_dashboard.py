"""The static dashboard: self-contained, opens from disk without console errors, and shows
data text (enterprise names) as text."""

from __future__ import annotations

import html
import json
import re

from hostile_home import SCRIPT_NAME

from fintech_cluster.reports.browser import dump_dom, screenshot
from fintech_cluster.reports.dashboard import json_for_script

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_dashboard_is_one_file_that_loads_nothing_from_elsewhere(built):
    page = built.dashboard.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["'](?!data:)""", page), "no external resources"
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page, "the page's policy forbids loading anything"


def test_dashboard_opens_in_chromium_without_console_errors(built, tmp_path):
    # Chromium runs with every host name unresolvable: a page that fetched anything would
    # log a failed load here.
    png = tmp_path / "dashboard.png"
    run = screenshot(built.dashboard, png)
    assert run.console == [], run.console
    assert png.read_bytes().startswith(PNG_SIGNATURE) and png.stat().st_size > 20_000


def test_park_and_kpi_filters_drive_the_drilldown(built):
    """Opened with the renamed enterprise's park and K04 selected, the drill-down lists the
    park's fintech enterprises (K04 contributions), the renamed one among them as text."""
    run = dump_dom(built.dashboard, query=f"park={built.script_park}&kpi=K04")
    assert run.console == [], run.console
    dom = run.stdout
    assert 'data-ready="true"' in dom
    assert dom.lower().count("<script") == 2, "only the page's data block and its code"
    rows = re.findall(r'<tr class="drilldown-row">(.*?)</tr>', dom, re.DOTALL)
    with built.published() as con:
        (expected,) = con.execute(
            "select count(*) from marts.kpi_contributions "
            "where kpi_id = 'K04' and park_id = ? and quarter = ?",
            [built.script_park, built.quarter],
        ).fetchall()[0]
    assert len(rows) == min(expected, 200)
    names = [html.unescape(n) for n in re.findall(r'<td class="entity-name">(.*?)</td>', dom)]
    assert SCRIPT_NAME in names
    selected = re.search(r'<tr class="kpi-row selected" data-kpi="(K\d\d)"', dom).group(1)
    assert selected == "K04"


def test_action_item_filter_limits_the_kpi_table(built):
    run = dump_dom(built.dashboard, query="action=8")
    assert run.console == [], run.console
    shown = re.findall(r'<tr class="kpi-row[^"]*" data-kpi="(K\d\d)"', run.stdout)
    with built.published() as con:
        expected = [
            k
            for (k,) in con.execute(
                "select kpi_id from reference.kpi_definitions where action_item_id = 8 order by 1"
            ).fetchall()
        ]
    assert shown == expected


def test_embedded_data_cannot_close_its_script_block():
    text = json_for_script({"name": SCRIPT_NAME, "other": "</script><b>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": SCRIPT_NAME, "other": "</script><b>&amp;"}
