"""The legal deadlines in Europe/Oslo calendar days: weekends, month ends,
leap years and the two daylight-saving changes (last Sunday of March and
of October). No database needed."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from rodtrad.reports import deadlines
from rodtrad.reports.deadlines import State

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC


def oslo(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def test_it_gives_a_week_for_the_review_ending_on_the_same_weekday() -> None:
    monday = oslo(2025, 3, 10, 9)

    assert deadlines.review_due(monday) == d(2025, 3, 17)
    assert deadlines.review_due(monday).weekday() == 0


def test_it_gives_three_weeks_for_the_feedback() -> None:
    assert deadlines.feedback_due(oslo(2025, 3, 10, 9)) == d(2025, 3, 31)


@pytest.mark.parametrize(
    ("received", "review", "feedback"),
    [
        # Friday → Friday: the weekend inside the week counts.
        (oslo(2025, 6, 6), d(2025, 6, 13), d(2025, 6, 27)),
        # Saturday and Sunday: the deadline falls on a weekend and stays there.
        (oslo(2025, 6, 7), d(2025, 6, 14), d(2025, 6, 28)),
        (oslo(2025, 6, 8), d(2025, 6, 15), d(2025, 6, 29)),
    ],
    ids=["friday", "saturday", "sunday"],
)
def test_it_counts_calendar_days_and_never_moves_a_deadline_off_a_weekend(
    received: datetime.datetime, review: datetime.date, feedback: datetime.date
) -> None:
    assert deadlines.review_due(received) == review
    assert deadlines.feedback_due(received) == feedback


def test_it_does_not_move_a_deadline_off_a_public_holiday() -> None:
    # 10 December 2025 + 21 days = 31 December; Christmas and New Year change nothing.
    assert deadlines.feedback_due(oslo(2025, 12, 10)) == d(2025, 12, 31)
    # 18 December 2025 + 7 = Christmas Day.
    assert deadlines.review_due(oslo(2025, 12, 18)) == d(2025, 12, 25)


@pytest.mark.parametrize(
    ("received", "review", "feedback"),
    [
        (oslo(2025, 1, 31), d(2025, 2, 7), d(2025, 2, 21)),
        (oslo(2025, 2, 25), d(2025, 3, 4), d(2025, 3, 18)),  # February has 28 days
        (oslo(2024, 2, 22), d(2024, 2, 29), d(2024, 3, 14)),  # a leap year has the 29th
        (oslo(2025, 4, 30), d(2025, 5, 7), d(2025, 5, 21)),
        (oslo(2025, 12, 20), d(2025, 12, 27), d(2026, 1, 10)),  # over the new year
    ],
    ids=["january-end", "february-end", "leap-day", "april-end", "year-end"],
)
def test_it_crosses_month_and_year_ends(
    received: datetime.datetime, review: datetime.date, feedback: datetime.date
) -> None:
    assert deadlines.review_due(received) == review
    assert deadlines.feedback_due(received) == feedback


def test_it_lands_on_the_right_day_over_the_spring_change() -> None:
    """Received Saturday 29 March 2025 at 23:30 in Oslo (22:30 UTC); the clocks
    go forward that night. Adding 7 × 24 hours would land at 00:30 on 6 April
    in Oslo, a day late; the deadline is Saturday 5 April."""
    received = datetime.datetime(2025, 3, 29, 22, 30, tzinfo=UTC)
    naive_guess = (received + datetime.timedelta(days=7)).astimezone(OSLO).date()

    assert deadlines.review_due(received) == d(2025, 4, 5)
    assert naive_guess == d(2025, 4, 6)  # what the deadline must not be
    assert deadlines.feedback_due(received) == d(2025, 4, 19)


def test_it_lands_on_the_right_day_over_the_autumn_change() -> None:
    """Received Saturday 25 October 2025 at 00:30 in Oslo, still summer time:
    in UTC it is Friday 24 October. The deadline counts from the Oslo date."""
    received = datetime.datetime(2025, 10, 24, 22, 30, tzinfo=UTC)

    assert deadlines.local_date(received) == d(2025, 10, 25)
    assert deadlines.review_due(received) == d(2025, 11, 1)
    assert deadlines.feedback_due(received) == d(2025, 11, 15)


def test_it_counts_a_report_received_on_the_night_of_the_change() -> None:
    # 02:30 does not exist on 30 March 2025; 01:30 UTC is 03:30 summer time.
    received = datetime.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    # 26 October 2025: 01:30 UTC is 02:30 winter time, the second time that hour comes.
    repeated_hour = datetime.datetime(2025, 10, 26, 1, 30, tzinfo=UTC)

    assert deadlines.review_due(received) == d(2025, 4, 6)
    assert deadlines.review_due(repeated_hour) == d(2025, 11, 2)


def test_it_gives_the_second_feedback_three_weeks_after_the_investigation_ends() -> None:
    # Ended Tuesday 14 October 2025 at 23:15 Oslo: three weeks cross the autumn change.
    ended = datetime.datetime(2025, 10, 14, 21, 15, tzinfo=UTC)

    assert deadlines.second_feedback_due(ended) == d(2025, 11, 4)


def test_it_lets_the_deadline_pass_at_midnight_in_oslo() -> None:
    # 30 March 2025 is 23 hours long: the next day starts at 22:00 UTC.
    assert deadlines.passes_at(d(2025, 3, 30)) == datetime.datetime(2025, 3, 30, 22, tzinfo=UTC)
    # 26 October 2025 is 25 hours long: the next day starts at 23:00 UTC.
    assert deadlines.passes_at(d(2025, 10, 26)) == datetime.datetime(2025, 10, 26, 23, tzinfo=UTC)
    # An ordinary summer day.
    assert deadlines.passes_at(d(2025, 7, 1)) == datetime.datetime(2025, 7, 1, 22, tzinfo=UTC)


def test_it_counts_the_days_left_by_the_oslo_date() -> None:
    due = d(2025, 4, 5)

    assert deadlines.days_left(due, oslo(2025, 4, 3, 8)) == 2
    assert deadlines.days_left(due, oslo(2025, 4, 5, 23, 59)) == 0
    # 22:30 UTC on 5 April is already 6 April in Oslo.
    assert deadlines.days_left(due, datetime.datetime(2025, 4, 5, 22, 30, tzinfo=UTC)) == -1


def test_it_counts_feedback_on_the_due_date_as_in_time() -> None:
    due = d(2025, 4, 19)

    assert deadlines.met(due, oslo(2025, 4, 19, 23, 59))
    assert not deadlines.met(due, oslo(2025, 4, 20, 0, 1))
    # 21:59 UTC is 23:59 in Oslo (summer time): in time, though 20 April starts in 2 minutes.
    assert deadlines.met(due, datetime.datetime(2025, 4, 19, 21, 59, tzinfo=UTC))
    assert not deadlines.met(due, datetime.datetime(2025, 4, 19, 22, 1, tzinfo=UTC))


def test_it_ignores_the_active_time_zone() -> None:
    received = datetime.datetime(2025, 10, 24, 22, 30, tzinfo=UTC)

    with timezone.override("UTC"):
        assert deadlines.review_due(received) == d(2025, 11, 1)
    with timezone.override("America/New_York"):
        assert deadlines.review_due(received) == d(2025, 11, 1)


def test_it_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        deadlines.review_due(datetime.datetime(2025, 3, 10, 12))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("now", "done_at", "state"),
    [
        (oslo(2025, 4, 1), None, State.OPEN),  # 4 days left
        (oslo(2025, 4, 3), None, State.SOON),  # 2 days left
        (oslo(2025, 4, 5, 23, 59), None, State.SOON),  # the due date itself
        (oslo(2025, 4, 6, 0, 0), None, State.OVERDUE),
        (oslo(2025, 4, 9), oslo(2025, 4, 5, 16), State.MET),
        (oslo(2025, 4, 9), oslo(2025, 4, 6, 8), State.LATE),
    ],
    ids=["open", "soon", "due-today", "overdue", "met", "late"],
)
def test_it_tells_the_state_of_a_deadline(
    now: datetime.datetime, done_at: datetime.datetime | None, state: State
) -> None:
    status = deadlines.status_of("review", d(2025, 4, 5), done_at, now)

    assert status.state == state
