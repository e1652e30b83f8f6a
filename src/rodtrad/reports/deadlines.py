"""The legal deadlines for a report of concern, in Europe/Oslo calendar days.

The Child Welfare Act sets them (DESIGN.md §8):
- review: child welfare reviews a report within one week of receiving it;
- feedback: the reporter gets feedback within three weeks of receipt (that the
  report was received, and whether an investigation was opened);
- second feedback: within three weeks after an investigation ends (whether
  the case was closed or followed up with measures).

The rules this module implements, and why:
1. A deadline is a calendar date in Norway, not a number of hours. The
   starting day is the Oslo date of the moment the report was received (or
   the investigation ended); a deadline of N days is that date plus N
   calendar days. "One week" is 7 days, "three weeks" 21: the deadline falls
   on the same weekday as the start, as Norwegian deadlines in weeks do
   (domstolloven § 148).
2. Deadlines are not moved off weekends or public holidays. The Act counts
   calendar days, and moving a deadline for child welfare would only delay
   what matters to a child; the rule in domstolloven § 149 about weekends
   is for court deadlines.
3. The deadline day counts in full: an action taken at any time on the due
   date (Oslo time) is in time; the deadline has passed from 00:00 Oslo time
   the next day.
4. Days left = due date − today's Oslo date: 0 on the due date, negative
   once it has passed.

Dates are computed with zoneinfo, independent of the active Django time
zone, and never as "now + 7 × 24 hours", which lands on the wrong day when
the clocks change (last Sunday of March and October) near midnight.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

REVIEW_DAYS = 7
FEEDBACK_DAYS = 21
SECOND_FEEDBACK_DAYS = 21
# How many days before a deadline the reminder goes out.
REMIND_DAYS_BEFORE = 2


def local_date(moment: datetime.datetime) -> datetime.date:
    """The date in Oslo at this moment."""
    if moment.tzinfo is None:
        raise ValueError("deadlines are computed from aware datetimes only")
    return moment.astimezone(OSLO).date()


def add_days(moment: datetime.datetime, days: int) -> datetime.date:
    """The Oslo date `days` calendar days after the Oslo date of `moment`."""
    return local_date(moment) + datetime.timedelta(days=days)


def review_due(received_at: datetime.datetime) -> datetime.date:
    return add_days(received_at, REVIEW_DAYS)


def feedback_due(received_at: datetime.datetime) -> datetime.date:
    return add_days(received_at, FEEDBACK_DAYS)


def second_feedback_due(investigation_ended_at: datetime.datetime) -> datetime.date:
    return add_days(investigation_ended_at, SECOND_FEEDBACK_DAYS)


def passes_at(due_on: datetime.date) -> datetime.datetime:
    """The moment a deadline has passed: 00:00 in Oslo the day after (aware)."""
    next_day = due_on + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(0), tzinfo=OSLO)


def days_left(due_on: datetime.date, now: datetime.datetime) -> int:
    return (due_on - local_date(now)).days


def met(due_on: datetime.date, done_at: datetime.datetime) -> bool:
    return local_date(done_at) <= due_on


class State(enum.StrEnum):
    OPEN = "open"  # not done, time left
    SOON = "soon"  # not done, REMIND_DAYS_BEFORE days or fewer left
    OVERDUE = "overdue"  # not done, passed
    MET = "met"  # done in time
    LATE = "late"  # done after the deadline


@dataclass(frozen=True)
class DeadlineStatus:
    kind: str  # rodtrad.reports.models.Deadline
    due_on: datetime.date
    done_at: datetime.datetime | None
    days_left: int

    @property
    def state(self) -> State:
        if self.done_at is not None:
            return State.MET if met(self.due_on, self.done_at) else State.LATE
        if self.days_left < 0:
            return State.OVERDUE
        if self.days_left <= REMIND_DAYS_BEFORE:
            return State.SOON
        return State.OPEN

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def status_of(
    kind: str, due_on: datetime.date, done_at: datetime.datetime | None, now: datetime.datetime
) -> DeadlineStatus:
    return DeadlineStatus(
        kind=kind, due_on=due_on, done_at=done_at, days_left=days_left(due_on, now)
    )
