"""Data contracts (pandera models), one per feed. Pure code: no Dagster imports."""
