"""The quarterly report: HTML opens in Chromium without console errors, the PDF holds the
Chinese headings and every action item, and its numbers are the published KPI values."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata

import pytest
from hostile_home import SCRIPT_NAME
from pypdf import PdfReader

from fintech_cluster.reports.browser import dump_dom, screenshot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZH_HEADINGS = [
    "一、执行摘要",
    "二、集聚区指数与十项行动得分",
    "三、指标目标进度记分卡",
    "四、园区对比",
    "五、2020年以来趋势",
    "六、重点企业",
    "七、风险监测",
    "附录一、数据质量",
    "附录二、方法与指标定义",
]
SCORECARD_ROW = re.compile(
    r'<tr data-kpi="(K\d\d)" data-unit="([a-z_0-9]+)">.*?<td class="num kpi-value">(.*?)</td>',
    re.DOTALL,
)


def _pdf_text(path) -> str:
    """The PDF's text (poppler's pdftotext, installed by `make system-deps`) without
    whitespace, as Chromium breaks lines anywhere. (pypdf maps some of Noto's glyphs to
    CJK radicals, e.g. ⻛ for 风, which no normalisation turns back.)"""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_opens_in_chromium_without_console_errors(built, tmp_path, lang):
    png = tmp_path / f"report-{lang}.png"
    run = screenshot(built.report_html(lang), png)
    assert run.console == [], run.console
    assert png.read_bytes().startswith(PNG_SIGNATURE) and png.stat().st_size > 20_000


def test_chinese_pdf_holds_the_headings_and_every_action_item(built):
    text = _pdf_text(built.report_pdf("zh"))
    for heading in ZH_HEADINGS:
        assert heading in text, heading
    with built.published() as con:
        action_items = con.execute("select name_zh from reference.action_items").fetchall()
    assert len(action_items) == 10
    for (name,) in action_items:
        assert re.sub(r"\s+", "", name) in text, name


def test_english_pdf_holds_every_action_item_in_english(built):
    text = _pdf_text(built.report_pdf("en"))
    with built.published() as con:
        action_items = con.execute("select name_en from reference.action_items").fetchall()
    for (name,) in action_items:
        assert re.sub(r"\s+", "", name) in text, name


def test_chinese_pdf_embeds_its_fonts(built):
    """Every font the PDF uses travels inside it (Chromium embeds Noto Sans CJK's CFF
    outlines as Type 3 glyph procedures), so Chinese renders on any reader."""
    reader = PdfReader(built.report_pdf("zh"))
    fonts = {}
    for page in reader.pages[:3]:
        for name, ref in (page["/Resources"].get("/Font") or {}).items():
            fonts[name] = ref.get_object()
    assert fonts
    for name, font in fonts.items():
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
        embedded = "/CharProcs" in font or any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        assert embedded, f"font {name} is not embedded"


def _number(text: str) -> tuple[float, int]:
    """'1,358,010,000~' -> (1358010000.0, 0); '12.8%' -> (12.8, 1)."""
    plain = text.replace(",", "").rstrip("~").rstrip("%")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return float(plain), decimals


def test_scorecard_numbers_are_the_published_kpi_values(built):
    page = built.report_html("zh").read_text(encoding="utf-8")
    shown = {kpi: (unit, html.unescape(text)) for kpi, unit, text in SCORECARD_ROW.findall(page)}
    with built.published() as con:
        kpi_ids = [
            k for (k,) in con.execute("select kpi_id from reference.kpi_definitions").fetchall()
        ]
        values = dict(
            con.execute(
                "select kpi_id, value from marts.kpi_values "
                "where park_id = 'ALL' and quarter = ? and status = 'ok' and value is not null",
                [built.quarter],
            ).fetchall()
        )
    assert sorted(shown) == sorted(kpi_ids), "every defined KPI has a scorecard row"
    assert len(values) >= 30
    for kpi_id, (unit, text) in shown.items():
        if kpi_id not in values:
            assert text == "暂无数据", f"{kpi_id} has no value but shows {text!r}"
            continue
        number, decimals = _number(text)
        expected = values[kpi_id] * (100 if unit == "share" else 1)
        assert abs(number - expected) <= 0.5 * 10**-decimals + 1e-9, (kpi_id, text, expected)


def test_headline_changes_are_computed_from_the_published_values(built):
    page = built.report_html("en").read_text(encoding="utf-8")
    row = re.search(r'<tr data-key="K04">(.*?)</tr>', page, re.DOTALL).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    with built.published() as con:
        current, previous, year_ago = (
            con.execute(
                "select value from marts.kpi_values where kpi_id = 'K04' and park_id = 'ALL' "
                "and quarter = ?",
                [quarter],
            ).fetchall()[0][0]
            for quarter in (built.quarter, "2026Q2", "2025Q3")
        )
    assert cells[1] == f"{current:,.0f}"
    assert cells[2] == f"{(current - previous) / previous * 100:+.1f}%"
    assert cells[3] == f"{(current - year_ago) / year_ago * 100:+.1f}%"


def test_hostile_enterprise_name_is_text_not_a_script(built):
    page = built.report_html("zh").read_text(encoding="utf-8")
    assert SCRIPT_NAME not in page
    assert html.escape(SCRIPT_NAME, quote=False) in page
    run = dump_dom(built.report_html("zh"))
    assert run.console == [], run.console
    assert "<script" not in run.stdout.lower(), "the report has no script at all"
    top = re.search(r'<table id="top-financing">(.*?)</table>', run.stdout, re.DOTALL).group(1)
    names = [html.unescape(n) for n in re.findall(r'<td class="enterprise">(.*?)</td>', top)]
    assert SCRIPT_NAME in names, "the renamed top-financed enterprise, shown as text"


DEFINITION_ROW = re.compile(
    r'<tr data-kpi="(K\d\d)"><td>.*?</td>(?:<td.*?</td>){5}<td>(.*?)</td></tr>'
)


@pytest.mark.parametrize(("lang", "column"), [("zh", "formula_zh"), ("en", "formula_en")])
def test_methodology_states_every_formula_in_the_report_language(built, lang, column):
    page = built.report_html(lang).read_text(encoding="utf-8")
    shown = {kpi: html.unescape(text) for kpi, text in DEFINITION_ROW.findall(page)}
    with built.published() as con:
        formulas = dict(
            con.execute(f"select kpi_id, {column} from reference.kpi_definitions").fetchall()
        )
    assert len(formulas) == 40
    assert shown == formulas
