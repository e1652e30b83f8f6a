"""Links, reversed once per process.

A reverse() costs ~20 µs and a page of lists has dozens of links: each URL name is
reversed once with stand-in numbers, and its links are filled in with format().
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

_STAND_IN = 987_654_320


@functools.lru_cache(maxsize=256)
def _link_format(
    name: str, shape: tuple[str | None, ...], prefix: str, language: str | None
) -> str:
    """The URL as a format string: {0}, {1} ... where `shape` has None (a number).
    Keyed by what reverse() depends on besides the name and the arguments."""
    numbers = [_STAND_IN + n for n in range(len(shape))]
    url = reverse(name, args=[numbers[n] if arg is None else arg for n, arg in enumerate(shape)])
    url = url.replace("{", "{{").replace("}", "}}")
    for n, arg in enumerate(shape):
        if arg is None:
            url = url.replace(str(numbers[n]), f"{{{n}}}")
    return url


def link_pattern(name: str, numbers: int = 1) -> str:
    """The URL of `name` taking `numbers` numbers, as a format string ("/saker/{0}/"),
    for a list that links every row: one lookup for the list instead of one per row."""
    return _link_format(name, (None,) * numbers, get_script_prefix(), get_language())


def link(name: str, *args: int | str) -> str:
    """reverse(name, args=args), at the cost of a format() after the first time."""
    shape = tuple(None if isinstance(arg, int) else arg for arg in args)
    numbers = [arg if isinstance(arg, int) else "" for arg in args]
    return _link_format(name, shape, get_script_prefix(), get_language()).format(*numbers)
