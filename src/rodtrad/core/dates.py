"""Dates for pages that make their rows in Python."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format, get_format

# Django's date format characters that strftime writes alike.
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y"}


def short_date_formatter() -> Callable[[datetime.date], str]:
    """|date:"SHORT_DATE_FORMAT" in the current language (a moment in the current
    time zone), for every row of a list: the format is looked up once, and
    written with strftime when it can be (d.m.Y, m/d/Y): date_format looked it
    up and parsed it again for every date, ~20 µs each."""
    pattern = get_format("SHORT_DATE_FORMAT")
    if any((c.isalpha() and c not in _STRFTIME) or c in "\\%" for c in pattern):
        return _django_short_date
    strftime_pattern = "".join(_STRFTIME.get(c, c) for c in pattern)

    def short(moment: datetime.date) -> str:
        if isinstance(moment, datetime.datetime):
            moment = timezone.localtime(moment)
        return moment.strftime(strftime_pattern)

    return short


def _django_short_date(moment: datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return date_format(moment, "SHORT_DATE_FORMAT")


def day_month_year_formatter() -> Callable[[datetime.date], str]:
    """|date:"j. F Y" ("4. mars 2026") in the current language, for every row of a
    list: the months' names translated once, not once a date."""
    months = {number: str(name) for number, name in MONTHS.items()}

    def day_month_year(day: datetime.date) -> str:
        return f"{day.day}. {months[day.month]} {day.year}"

    return day_month_year
