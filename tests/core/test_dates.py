"""A list's dates read as the templates' |date:"SHORT_DATE_FORMAT" does."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import translation
from django.utils.dateformat import format as django_format

from rodtrad.core import dates

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# 23:30 UTC on 31 December is already New Year's Day in Oslo.
MOMENTS = [
    datetime.date(2026, 3, 4),
    datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_it_writes_what_the_template_writes(language: str, moment: datetime.date) -> None:
    with translation.override(language):
        expected = dates._django_short_date(moment)
        assert dates.short_date_formatter()(moment) == expected


def test_a_new_years_night_moment_is_new_years_day_in_norway() -> None:
    with translation.override("nb"):
        assert dates.short_date_formatter()(MOMENTS[1]) == "01.01.2027"


def test_a_format_strftime_cannot_write_is_left_to_django(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "get_format", lambda name: "j. F Y")
    monkeypatch.setattr(dates, "date_format", lambda value, name: django_format(value, "j. F Y"))

    with translation.override("nb"):
        assert dates.short_date_formatter()(datetime.date(2026, 3, 4)) == "4. mars 2026"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("day", [datetime.date(2026, 3, 4), datetime.date(2019, 12, 31)])
def test_day_month_and_year_read_as_the_template_writes_them(
    language: str, day: datetime.date
) -> None:
    with translation.override(language):
        assert dates.day_month_year_formatter()(day) == django_format(day, "j. F Y")
