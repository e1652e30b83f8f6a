"""Where a child of a given birth date is in the Norwegian education path.

Children start school in August of the year they turn six: barneskole
(grades 1–7), ungdomsskole (8–10), videregående skole (11–13). A place in
kindergarten starts the first August after the child's first birthday. The
demo and the generator use the same rules so the data look alike.
"""

from __future__ import annotations

import datetime
import enum
import functools
from dataclasses import dataclass

SCHOOL_YEAR_STARTS = (8, 15)  # month, day
SCHOOL_YEAR_ENDS = (6, 20)
KINDERGARTEN_YEAR_STARTS = (8, 1)


class Stage(enum.StrEnum):
    KINDERGARTEN = "kindergarten"
    PRIMARY = "primary"  # barneskole, grades 1–7
    LOWER_SECONDARY = "lower_secondary"  # ungdomsskole, grades 8–10
    UPPER_SECONDARY = "upper_secondary"  # videregående skole, grades 11–13


@dataclass(frozen=True)
class Period:
    stage: Stage
    starts_on: datetime.date
    ends_on: datetime.date  # the planned last day, which may lie in the future


def school_year_start(day: datetime.date) -> datetime.date:
    """The first day of the school year `day` belongs to (summer counts as the next year)."""
    this_year = datetime.date(day.year, *SCHOOL_YEAR_STARTS)
    ends = datetime.date(day.year, *SCHOOL_YEAR_ENDS)
    return this_year if day > ends else datetime.date(day.year - 1, *SCHOOL_YEAR_STARTS)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@functools.lru_cache(maxsize=16384)
def planned_periods(birth_date: datetime.date) -> tuple[Period, ...]:
    """The whole path from kindergarten to upper secondary, as planned from birth.

    Cached: the generator asks for the same birth dates many times.
    """
    one_year_old = add_years(birth_date, 1)
    kindergarten_year = one_year_old.year + (
        (one_year_old.month, one_year_old.day) > KINDERGARTEN_YEAR_STARTS
    )
    school_year = birth_date.year + 6

    def school(stage: Stage, first_year: int, years: int) -> Period:
        return Period(
            stage,
            datetime.date(first_year, *SCHOOL_YEAR_STARTS),
            datetime.date(first_year + years, *SCHOOL_YEAR_ENDS),
        )

    return (
        Period(
            Stage.KINDERGARTEN,
            datetime.date(kindergarten_year, *KINDERGARTEN_YEAR_STARTS),
            datetime.date(school_year, *SCHOOL_YEAR_ENDS),
        ),
        school(Stage.PRIMARY, school_year, 7),
        school(Stage.LOWER_SECONDARY, school_year + 7, 3),
        school(Stage.UPPER_SECONDARY, school_year + 10, 3),
    )


def periods_until(birth_date: datetime.date, day: datetime.date) -> list[Period]:
    """The periods begun on or before `day`: past ones and the current one, if any."""
    return [period for period in planned_periods(birth_date) if period.starts_on <= day]


def current_period(birth_date: datetime.date, day: datetime.date) -> Period | None:
    """The period the child is in on `day` (None in the summer between two, or after)."""
    for period in planned_periods(birth_date):
        if period.starts_on <= day <= period.ends_on:
            return period
    return None
