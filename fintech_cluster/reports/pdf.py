"""The PDF of the report: the HTML report printed by headless Chromium (see ``browser``)."""

from __future__ import annotations

from pathlib import Path

from fintech_cluster.reports.browser import print_to_pdf


def write_pdf(report_html: Path, pdf: Path) -> Path:
    """Print ``report_html`` to ``pdf``; the fonts are the page's (Noto Sans CJK)."""
    staging = pdf.with_name(f".{pdf.name}.tmp")
    print_to_pdf(report_html, staging)
    staging.replace(pdf)
    return pdf
