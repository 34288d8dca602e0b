"""Quality gates on the marts, as Great Expectations suites (pure code: no Dagster).

``SUITES`` lists the gates; ``run_suites(con, published)`` runs them all in one GX
context and returns one ``SuiteOutcome`` per suite. GX is imported only when they run,
or earlier in the background by ``start_importing_great_expectations()``.
"""

from data_contracts.expectations.runner import (
    ExpectationOutcome,
    SuiteOutcome,
    run_suites,
    start_importing_great_expectations,
)
from data_contracts.expectations.suites import SUITES, Suite, Thresholds, load_thresholds

__all__ = [
    "SUITES",
    "ExpectationOutcome",
    "Suite",
    "SuiteOutcome",
    "Thresholds",
    "load_thresholds",
    "run_suites",
    "start_importing_great_expectations",
]
