"""Build the report (zh/en, HTML + PDF), the dashboard and the workbook of one quarter into
``$FINTECH_CLUSTER_HOME/reports/``.

File names carry the quarter (and language), so a quarter's files are replaced when it is
rebuilt and other quarters' files stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fintech_cluster import settings
from fintech_cluster.reports.data import ReportData, load_report_data
from fintech_cluster.reports.labels import LANGUAGES
from fintech_cluster.reports.quarters import latest_complete_quarter, parse_quarter


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path


def report_paths(folder: Path, quarter: str, lang: str) -> ReportFiles:
    stem = folder / f"report-{quarter}-{lang}"
    return ReportFiles(html=stem.with_suffix(".html"), pdf=stem.with_suffix(".pdf"))


def dashboard_path(folder: Path, quarter: str) -> Path:
    return folder / f"dashboard-{quarter}.html"


def workbook_path(folder: Path, quarter: str) -> Path:
    return folder / f"scorecard-{quarter}.xlsx"


def resolve_quarter(quarter: str | None, as_of: date) -> str:
    """The given quarter (validated), or the latest complete one as of ``as_of``."""
    if quarter is None:
        return latest_complete_quarter(as_of)
    parse_quarter(quarter)
    return quarter.strip()


def load(home: settings.Home, quarter: str | None = None) -> ReportData:
    as_of = settings.as_of_date()
    return load_report_data(home.published_warehouse, resolve_quarter(quarter, as_of), as_of)


def _write_text(path: Path, text: str) -> Path:
    """Write next to the target, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
    return path


def build_report(data: ReportData, folder: Path, lang: str) -> ReportFiles:
    from fintech_cluster.reports.html import render_report
    from fintech_cluster.reports.pdf import write_pdf

    files = report_paths(folder, data.quarter, lang)
    _write_text(files.html, render_report(data, lang))
    write_pdf(files.html, files.pdf)
    return files


def build_dashboard(data: ReportData, folder: Path, lang: str = "zh") -> Path:
    from fintech_cluster.reports.dashboard import render_dashboard

    return _write_text(dashboard_path(folder, data.quarter), render_dashboard(data, lang))


def build_workbook(data: ReportData, folder: Path) -> Path:
    from fintech_cluster.reports.workbook import write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    return write_workbook(data, workbook_path(folder, data.quarter))


def build_all(
    home: settings.Home, quarter: str | None = None, langs: tuple[str, ...] = LANGUAGES
) -> list[Path]:
    """Every file of one quarter; returns their paths (reports first, zh before en)."""
    data = load(home, quarter)
    paths: list[Path] = []
    for lang in langs:
        files = build_report(data, home.reports, lang)
        paths += [files.html, files.pdf]
    paths.append(build_dashboard(data, home.reports))
    paths.append(build_workbook(data, home.reports))
    return paths
