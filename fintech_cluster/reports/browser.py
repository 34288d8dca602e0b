"""Headless Chromium (Debian package ``chromium``): prints the report to PDF, and lets the
tests screenshot pages and read their console.

Why Chromium prints the PDF: the tests need it anyway to open the pages, so one renderer
serves both, and the PDF looks exactly like the HTML report (same CSS, same SVG charts).
WeasyPrint would add pango and a second layout engine; reportlab a second layout written
by hand. ``make system-deps`` installs ``chromium`` and ``fonts-noto-cjk`` when missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# No network, no background services, a throw-away profile: the page must stand alone.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
TIMEOUT_SECONDS = 120


class ChromiumMissing(FileNotFoundError):
    """Chromium is not installed (``make system-deps`` installs it)."""


@dataclass(frozen=True)
class BrowserRun:
    console: list[str]  # the page's console messages and uncaught errors
    stdout: str


def chromium_path() -> Path:
    """``$FINTECH_CLUSTER_CHROMIUM``, else ``chromium`` on PATH (Debian: /usr/bin/chromium)."""
    configured = os.environ.get("FINTECH_CLUSTER_CHROMIUM")
    found = configured or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).exists():
        raise ChromiumMissing(
            "chromium is not installed: run `make system-deps` "
            "(apt-get install chromium fonts-noto-cjk)"
        )
    return Path(found)


def run_chromium(page: Path, *actions: str, query: str = "") -> BrowserRun:
    """Open ``page`` from disk (``?query`` appended) with ``actions`` (e.g.
    ``--print-to-pdf=…``) in a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="fintech-chromium-") as profile:
        command = [
            str(chromium_path()),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *actions,
            page.resolve().as_uri() + (f"?{query}" if query else ""),
        ]
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    if completed.returncode != 0:
        raise RuntimeError(
            f"chromium failed on {page} (exit {completed.returncode}): "
            f"{completed.stderr.strip()[-500:]}"
        )
    console = [line for line in completed.stderr.splitlines() if ":CONSOLE" in line]
    return BrowserRun(console=console, stdout=completed.stdout)


def print_to_pdf(page: Path, pdf: Path) -> BrowserRun:
    """Print ``page`` to ``pdf`` (A4 is set by the page's ``@page`` rule)."""
    pdf.unlink(missing_ok=True)
    run = run_chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    if not pdf.exists():
        raise RuntimeError(f"chromium printed no PDF for {page}")
    return run


def screenshot(page: Path, png: Path, size: str = "1280,2000") -> BrowserRun:
    return run_chromium(page, f"--screenshot={png}", f"--window-size={size}")


def dump_dom(page: Path, query: str = "") -> BrowserRun:
    """The DOM after the page's scripts ran (``stdout``), with the console."""
    return run_chromium(page, "--dump-dom", "--virtual-time-budget=5000", query=query)
