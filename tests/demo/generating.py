"""Running `rodtrad generate` in the tests of the generated data set."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command

TODAY = datetime.date(2026, 3, 2)
REFERENCE = datetime.date(2025, 8, 15)


def generate(*args: str, children: int = 2000) -> str:
    """A small generated data set in four municipalities; returns what it printed."""
    out = StringIO()
    call_command(
        "generate",
        *args,
        children=children,
        municipalities=4,
        today=TODAY,
        reference_date=REFERENCE,
        stdout=out,
    )
    return out.getvalue()
