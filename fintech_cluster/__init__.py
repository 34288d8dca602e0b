"""Pudong FinTech Cluster Monitor."""
