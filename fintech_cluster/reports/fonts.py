"""The CJK font the charts and the PDF use, from the project's own setup.

``make system-deps`` installs Debian's ``fonts-noto-cjk``; the charts load its file
explicitly (never matplotlib's guess among whatever fonts a machine has), and the HTML
names the same family for Chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

NOTO_CJK_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
)
# The CSS family of that file (Simplified Chinese first, as the report is).
CSS_FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'


class CjkFontMissing(FileNotFoundError):
    """No Noto CJK font: Chinese would print as empty boxes."""


def cjk_font_file() -> Path:
    """``$FINTECH_CLUSTER_CJK_FONT`` or Debian's Noto Sans CJK."""
    configured = os.environ.get("FINTECH_CLUSTER_CJK_FONT")
    candidates = [Path(configured)] if configured else list(NOTO_CJK_FILES)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CjkFontMissing(
        f"no CJK font at {', '.join(map(str, candidates))}: run `make system-deps` "
        "(apt-get install fonts-noto-cjk)"
    )
