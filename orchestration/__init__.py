"""Dagster definitions: assets, checks, schedules and sensors of the whole pipeline."""
