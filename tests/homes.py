"""The generated small home the end-to-end tests share (fixtures in conftest.py)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from fintech_cluster import settings

AS_OF = date(2026, 11, 28)


def use_home(root: Path) -> settings.Home:
    """Point this process (and the subprocesses it starts) at ``root``."""
    os.environ["FINTECH_CLUSTER_HOME"] = str(root)
    os.environ["FINTECH_CLUSTER_AS_OF"] = AS_OF.isoformat()
    os.environ["DAGSTER_HOME"] = str(root / "dagster")
    return settings.home()
