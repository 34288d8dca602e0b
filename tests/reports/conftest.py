"""One build of every report file per session (see ``hostile_home``): one extra refresh."""

from __future__ import annotations

import shutil

import pytest
from homes import use_home
from hostile_home import REPORT_QUARTER, Built, deliver_hostile_names

from fintech_cluster.refresh import run_refresh
from fintech_cluster.reports.build import build_all


@pytest.fixture(scope="session")
def built(refreshed_home, tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("reports") / "home"
    shutil.copytree(refreshed_home.root, root, ignore=shutil.ignore_patterns(".refresh.lock"))
    home = use_home(root)
    try:
        script, formula = deliver_hostile_names(home)
        outcome = run_refresh(home)
        assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
        build_all(home)  # default quarter: the latest complete one as of AS_OF
        yield Built(home, REPORT_QUARTER, script[0], script[2], formula[0])
    finally:
        use_home(refreshed_home.root)
