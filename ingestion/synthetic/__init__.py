"""Synthetic deliveries with known answers: ``generate(home_root, scale, seed, as_of)``.

Writes ``landing/<feed>/…`` the way real deliveries arrive (GBK and UTF-8 CSV, XLSX,
duplicates, corrupted rows) and ``truth/…``: entities as they should resolve, expected
KPI values, expected quarantine rows and a manifest. See ``generator.py``.
"""

from ingestion.synthetic.generator import GenerationSummary, generate
from ingestion.synthetic.scales import SCALES, Scale

__all__ = ["SCALES", "GenerationSummary", "Scale", "generate"]
