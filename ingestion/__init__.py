"""Ingestion: readers, value parsers and format adapters. Pure code: no Dagster imports."""
