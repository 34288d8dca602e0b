"""Vector charts (SVG) for the report, drawn by matplotlib with the project's CJK font.

Text is turned into paths (``svg.fonttype = 'path'``), so an SVG shows the same glyphs on
any machine and in the PDF, whatever fonts the reader has.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no screen: never pick an interactive backend

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from fintech_cluster.reports.fonts import cjk_font_file  # noqa: E402

PALETTE = ("#1f4e79", "#c0504d", "#4f8f3a", "#d98c1f", "#7a4f9a", "#2b8c9e", "#7f7f7f")


def _use_cjk_font() -> None:
    path = cjk_font_file()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams.update(
        {
            "font.family": [name],
            "svg.fonttype": "path",
            "svg.hashsalt": "fintech-cluster",  # stable ids: the same data, the same file
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.unicode_minus": False,
        }
    )


def _svg(figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no fixed pixel size)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    # matplotlib repeats each label in an XML comment; labels are paths already, and a
    # comment could be closed early by a label's own text, so drop them.
    return re.sub(r"<!--.*?-->", "", text[text.index("<svg") :], flags=re.DOTALL)


def score_bars(labels: Sequence[str], scores, lows, highs, title: str) -> str:
    """Horizontal bars 0–100 with the weight-sensitivity band as an error bar."""
    _use_cjk_font()
    figure, axes = plt.subplots(figsize=(7.5, 0.38 * len(labels) + 1.0))
    positions = list(range(len(labels)))[::-1]
    shown = [score or 0 for score in scores]
    axes.barh(positions, shown, color=PALETTE[0], height=0.6)
    for position, score, low, high in zip(positions, scores, lows, highs, strict=True):
        if score is None:
            continue
        axes.errorbar(
            score,
            position,
            xerr=[[score - low], [high - score]],
            color=PALETTE[1],
            capsize=3,
            linewidth=1.2,
        )
        axes.text(min(high + 2, 101), position, f"{score:.1f}", va="center", fontsize=8)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlim(0, 110)
    axes.set_title(title, fontsize=10)
    return _svg(figure)


def trend_lines(quarters: Sequence[str], series: dict[str, Sequence], title: str) -> str:
    """One line per series over ``quarters``; gaps where there is no data."""
    _use_cjk_font()
    figure, axes = plt.subplots(figsize=(7.5, 3.2))
    positions = range(len(quarters))
    for colour, (name, values) in zip(PALETTE * 3, series.items(), strict=False):
        points = [float("nan") if value is None else value for value in values]
        axes.plot(positions, points, label=name, color=colour, linewidth=1.5)
    ticks = [i for i, q in enumerate(quarters) if q.endswith("Q1") or i == len(quarters) - 1]
    axes.set_xticks(ticks, [quarters[i] for i in ticks], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_title(title, fontsize=10)
    if len(series) > 1:
        axes.legend(fontsize=7, frameon=False, ncols=2)
    return _svg(figure)


def park_bars(labels: Sequence[str], values: Sequence, title: str) -> str:
    _use_cjk_font()
    figure, axes = plt.subplots(figsize=(7.5, 2.8))
    shown = [value or 0 for value in values]
    axes.bar(range(len(labels)), shown, color=PALETTE[2])
    axes.set_xticks(range(len(labels)), labels, fontsize=7, rotation=15)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_title(title, fontsize=10)
    return _svg(figure)
