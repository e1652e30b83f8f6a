"""The employee in plain SQL, for queries that make their display strings in the database."""

from __future__ import annotations


def display_name(alias: str) -> str:
    """User.__str__ for the accounts_user row `alias`: the full name, else the username."""
    return (
        f"COALESCE(NULLIF(btrim({alias}.first_name || ' ' || {alias}.last_name), ''),"
        f" {alias}.username)"
    )
