"""Data contracts (pandera models), one per feed. Pure code: no Dagster imports.

``CONTRACTS`` maps a feed to its model; ``split_valid_rows`` separates the rows that keep
the contract from those that go to quarantine; ``validate_frame`` re-checks rows already
loaded (used by an asset check).
"""

from data_contracts.validation import (
    CONTRACTS,
    ContractSchemaError,
    split_valid_rows,
    validate_frame,
)

__all__ = ["CONTRACTS", "ContractSchemaError", "split_valid_rows", "validate_frame"]
