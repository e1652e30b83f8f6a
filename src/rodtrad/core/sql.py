"""Helpers for the hand-written SQL statements."""

from __future__ import annotations


def compact(sql: str) -> str:
    """One space for each run of whitespace (for texts that hold no quoted runs of
    whitespace and no comments): psycopg keeps its conversion of a statement's
    placeholders up to a length (core.apps.STATEMENT_CACHE_LIMIT), not past that,
    and converts a longer one on every call; fewer bytes to send and hash too."""
    return " ".join(sql.split())
