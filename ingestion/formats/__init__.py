"""Delivery formats, one module each, and how a file's header picks one.

To add a layout, write a module declaring ``name``, ``feed``, ``signature`` and
``to_canonical`` (see ``registry_export``) and list it in ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingestion.canonical import check_feed
from ingestion.errors import FileRejected
from ingestion.formats import (
    abnormal_operations,
    bureau_events,
    certification_list,
    cnipa_table,
    commercial_api,
    crunchbase_rounds,
    family_lists,
    google_patents,
    lending_platforms,
    listing_list,
    registry_export,
    venture_export,
)
from ingestion.formats.base import Format

FORMATS: tuple[Format, ...] = tuple(
    Format.from_module(module)
    for module in (
        registry_export,
        commercial_api,
        cnipa_table,
        google_patents,
        venture_export,
        crunchbase_rounds,
        bureau_events,
        certification_list,
        listing_list,
        abnormal_operations,
        lending_platforms,
    )
)
FORMATS += family_lists.FORMATS  # one layout per event family, from a table of headers

__all__ = ["FORMATS", "Format", "choose_format", "detect_format", "formats_for", "get_format"]


def formats_for(feed: str) -> list[Format]:
    check_feed(feed)
    return [fmt for fmt in FORMATS if fmt.feed == feed]


def get_format(name: str, feed: str) -> Format:
    """The format called ``name`` for ``feed``; ``ValueError`` (a user error) otherwise."""
    known = formats_for(feed)
    for fmt in known:
        if fmt.name == name:
            return fmt
    names = ", ".join(fmt.name for fmt in known)
    raise ValueError(f"unknown format {name!r} for feed {feed}; known formats: {names}")


def detect_format(feed: str, headers: Sequence[str]) -> Format:
    """The format whose signature the headers contain (the most specific one if several).

    ``FileRejected`` when none matches, listing the known formats and what the closest
    one misses.
    """
    known = formats_for(feed)
    matching = [fmt for fmt in known if not fmt.missing_headers(headers)]
    if matching:
        return max(matching, key=lambda fmt: len(fmt.signature))
    listing = "; ".join(fmt.describe() for fmt in known)
    message = f"header matches no known format for feed {feed}; known formats: {listing}"
    closest = min(known, key=lambda fmt: len(fmt.missing_headers(headers)), default=None)
    if closest and len(closest.missing_headers(headers)) < len(closest.signature):
        missing = ", ".join(closest.missing_headers(headers))
        message += f" (closest: {closest.name}, missing column(s) {missing})"
    raise FileRejected(message)


def choose_format(feed: str, headers: Sequence[str], format_name: str | None = None) -> Format:
    """``format_name`` when given (``FileRejected`` if it misses required headers), else detect."""
    if format_name is None:
        return detect_format(feed, headers)
    fmt = get_format(format_name, feed)
    missing = fmt.missing_headers(headers)
    if missing:
        raise FileRejected(
            f"format {fmt.name} needs column(s) missing from the header: {', '.join(missing)}"
        )
    return fmt
