"""Helpers for the hand-written SQL statements."""

from __future__ import annotations


def compact(sql: str) -> str:
    """One space for each run of whitespace (for texts that hold no quoted runs of
    whitespace and no comments): psycopg keeps its conversion of a statement's
    placeholders up to 4 kB, not past that, and converts a longer one on every call."""
    return " ".join(sql.split())
