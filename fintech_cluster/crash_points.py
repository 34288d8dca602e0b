"""Named points where the crash-safety tests freeze a refresh, to kill -9 it right there.

With ``FINTECH_CLUSTER_PAUSE_AT=<point>`` set, the process reaching that point writes
``<home>/.paused-at-<point>`` (holding its pid) and sleeps until it is killed. The
variable is set only by tests (tests/faults/test_crash_and_readers.py); unset, a point does nothing.
"""

from __future__ import annotations

import os
import time

from fintech_cluster import settings

PAUSE_ENV = "FINTECH_CLUSTER_PAUSE_AT"
POINTS = ("ingest", "dbt", "publish")


def pause_point(point: str) -> None:
    assert point in POINTS, point
    if os.environ.get(PAUSE_ENV) != point:
        return
    settings.home().root.joinpath(f".paused-at-{point}").write_text(str(os.getpid()))
    while True:
        time.sleep(60)
