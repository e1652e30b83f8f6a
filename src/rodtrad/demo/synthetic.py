"""Synthetic identity numbers (Tenor style: birth month + 80) with valid check digits.

No real person can have such a number, so demo and generated data never
point at anyone. Every number made here passes
``rodtrad.people.identity.parse_identity_number`` and is read as
``IdentityKind.SYNTHETIC``.

The individual number (digits 7–9) also tells the century: 000–499 for people
born 1900–1999 and 500–999 for 2000–2039. Each century range is split so the
demo and the generator can share a database without ever colliding:

=============  ===========  ===========
born           generator    demo
=============  ===========  ===========
1900–1999      000–449      450–499
2000–2039      500–949      950–999
=============  ===========  ===========

Only the classic check digit rule is used (first remainder 0), so a date
gives about 370 generator numbers and about 40 demo numbers.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from typing import Any

SYNTHETIC_MONTH_OFFSET = 80
FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class NumberSpace(enum.Enum):
    """Who allocates from which part of a century's individual numbers."""

    GENERATOR = "generator"
    DEMO = "demo"


# (first, last) individual number per century start and space, inclusive.
_INDIVIDUAL_RANGES: dict[tuple[int, NumberSpace], tuple[int, int]] = {
    (1900, NumberSpace.GENERATOR): (0, 449),
    (1900, NumberSpace.DEMO): (450, 499),
    (2000, NumberSpace.GENERATOR): (500, 949),
    (2000, NumberSpace.DEMO): (950, 999),
}


class NumbersExhausted(Exception):
    """No synthetic number is left for a birth date in the given space."""


def individual_range(year: int, space: NumberSpace) -> range:
    if 1900 <= year <= 1999:
        first, last = _INDIVIDUAL_RANGES[(1900, space)]
    elif 2000 <= year <= 2039:
        first, last = _INDIVIDUAL_RANGES[(2000, space)]
    else:
        raise ValueError(f"synthetic numbers are made for births 1900–2039, not {year}")
    return range(first, last + 1)


def date_digits(birth_date: datetime.date) -> str:
    """DDMMYY with the Tenor month offset."""
    month = birth_date.month + SYNTHETIC_MONTH_OFFSET
    return f"{birth_date.day:02d}{month:02d}{birth_date.year % 100:02d}"


def with_check_digits(nine_digits: str) -> str | None:
    """Append the two check digits, or return None when the rule gives none."""
    first = -sum(w * int(d) for w, d in zip(FIRST_WEIGHTS, nine_digits, strict=True)) % 11
    if first == 10:
        return None
    ten_digits = nine_digits + str(first)
    second = -sum(w * int(d) for w, d in zip(SECOND_WEIGHTS, ten_digits, strict=True)) % 11
    if second == 10:
        return None
    return ten_digits + str(second)


def synthetic_identity_number(birth_date: datetime.date, individual: int) -> str | None:
    """The synthetic number for this date and individual number, if it has check digits."""
    return with_check_digits(f"{date_digits(birth_date)}{individual:03d}")


class SyntheticNumbers:
    """Hands out unique synthetic numbers, in a fixed order, for any birth date.

    The same calls in the same order give the same numbers, which keeps the
    generator deterministic. ``taken`` lets the caller skip numbers that are
    already in use (the demo asks the database).
    """

    def __init__(self, space: NumberSpace, taken: Callable[[str], bool] | None = None) -> None:
        self.space = space
        self.taken = taken
        # Per birth date: the next individual number to try, the last one allowed, the
        # date digits and their share of the two control sums (the generator makes
        # hundreds of thousands of numbers; this keeps it quick).
        self._dates: dict[datetime.date, list[Any]] = {}

    def _start(self, birth_date: datetime.date) -> list[Any]:
        candidates = individual_range(birth_date.year, self.space)
        prefix = date_digits(birth_date)
        first = sum(w * int(d) for w, d in zip(FIRST_WEIGHTS, prefix, strict=False))
        second = sum(w * int(d) for w, d in zip(SECOND_WEIGHTS, prefix, strict=False))
        return [candidates.start, candidates.stop, prefix, first, second]

    def next_for(self, birth_date: datetime.date) -> str:
        state = self._dates.get(birth_date)
        if state is None:
            state = self._dates[birth_date] = self._start(birth_date)
        individual, stop, prefix, first_sum, second_sum = state
        while individual < stop:
            a, b, c = individual // 100, individual // 10 % 10, individual % 10
            individual += 1
            # Weights of digits 7–9: 4 5 2 in the first sum, 5 4 3 in the second.
            k1 = -(first_sum + 4 * a + 5 * b + 2 * c) % 11
            if k1 == 10:
                continue
            k2 = -(second_sum + 5 * a + 4 * b + 3 * c + 2 * k1) % 11
            if k2 == 10:
                continue
            number = f"{prefix}{a}{b}{c}{k1}{k2}"
            if self.taken and self.taken(number):
                continue
            state[0] = individual
            return number
        state[0] = individual
        raise NumbersExhausted(f"no synthetic numbers left for {birth_date} ({self.space.value})")
