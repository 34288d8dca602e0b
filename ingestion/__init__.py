"""Ingestion: readers, value parsers and format adapters. Pure code: no Dagster imports.

- ``readers``: a delivered file (CSV/TSV/TXT in UTF-8 or GB18030, XLSX, JSON) -> ``RawTable``
- ``values``: ``parse_date``, ``parse_money``; ``identifiers``: USCC and patent numbers
- ``privacy``: masks names, drops phone / ID columns right after reading
- ``formats``: one adapter per delivery layout, chosen by header signature
- ``canonical``: the columns and types of the ``raw.*`` tables
- ``loader``: files -> ``raw.*``, ``meta.quarantine``, ``meta.load_log`` in DuckDB
"""
