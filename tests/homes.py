"""The generated small home the end-to-end tests share (fixtures in conftest.py)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from fintech_cluster import settings
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import World, build_world

AS_OF = date(2026, 11, 28)


def use_home(root: Path) -> settings.Home:
    """Point this process (and the subprocesses it starts) at ``root``."""
    os.environ["FINTECH_CLUSTER_HOME"] = str(root)
    os.environ["FINTECH_CLUSTER_AS_OF"] = AS_OF.isoformat()
    os.environ["DAGSTER_HOME"] = str(root / "dagster")
    return settings.home()


def world_of(home: settings.Home) -> World:
    """The world the home was generated from (its truth manifest names scale and seed)."""
    manifest = json.loads((home.truth / "manifest.json").read_text(encoding="utf-8"))
    scale, seed = SCALES[manifest["scale"]], manifest["seed"]
    return build_world(scale, seed, AS_OF, load_reference_data(), lambda _: None)
