"""Figures on reports of concern, counted by PostgreSQL: reports by source
kind and by month, the share of deadlines met, and the time to feedback.

Two queries whatever the number of reports: one statement reads the reports
once and counts them by month and source and in total (GROUPING SETS), the
other counts the consultations; so the page stays fast on a national data
set (BENCHMARKS.md: the statistics phase). Months and days are Oslo calendar
months and days, as the deadlines are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, QuerySet
from django_stubs_ext import StrOrPromise

from rodtrad.reports.deadlines import OSLO, local_date
from rodtrad.reports.models import ConcernReport, Consultation, SourceKind

SOURCES = list(SourceKind)


@dataclass(frozen=True)
class SourceCount:
    kind: str
    label: StrOrPromise
    count: int


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    counts: list[int]  # in the order of SOURCES
    total: int


@dataclass(frozen=True)
class DeadlineFigures:
    """Reports whose deadline has been reached (met, or passed unmet), and how
    many of them were in time."""

    reached: int
    in_time: int

    @property
    def share(self) -> float | None:
        return self.in_time / self.reached if self.reached else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return round(share * 100) if share is not None else None


@dataclass(frozen=True)
class Statistics:
    start: datetime.date
    end: datetime.date
    total: int
    by_source: list[SourceCount]
    months: list[MonthRow]
    review: DeadlineFigures
    feedback: DeadlineFigures
    second_feedback: DeadlineFigures
    feedback_days_average: float | None
    feedback_days_median: float | None
    consultations_total: int
    consultations_by_source: list[SourceCount]

    @property
    def sources(self) -> list[SourceKind]:
        return SOURCES


def _in_period(
    reports: QuerySet[ConcernReport], start: datetime.date, end: datetime.date
) -> QuerySet[ConcernReport]:
    first = datetime.datetime.combine(start, datetime.time(0), tzinfo=OSLO)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time(0), tzinfo=OSLO
    )
    return reports.filter(received_at__gte=first, received_at__lt=after)


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# The reports of the period, each read once: counted by Oslo month and source, and
# over all (the row where GROUPING(...) is 3). A deadline is reached when it was met
# or its day has passed; met in time when done on or before its Oslo day. The
# reports' own query goes in {reports}, its parameters before the four of today.
_FIGURES = """
WITH r AS (
  SELECT date_trunc('month', received_at AT TIME ZONE '{zone}')::date AS month,
         source_kind, review_due_on, feedback_due_on, second_feedback_due_on,
         (reviewed_at AT TIME ZONE '{zone}')::date AS reviewed_on,
         (first_feedback_at AT TIME ZONE '{zone}')::date AS feedback_on,
         (second_feedback_at AT TIME ZONE '{zone}')::date AS second_feedback_on,
         (first_feedback_at AT TIME ZONE '{zone}')::date
           - (received_at AT TIME ZONE '{zone}')::date AS feedback_days
  FROM ({reports}) AS report
)
SELECT GROUPING(month, source_kind), month, source_kind, count(*),
  count(*) FILTER (WHERE reviewed_on IS NOT NULL OR review_due_on < %s),
  count(*) FILTER (WHERE reviewed_on <= review_due_on),
  count(*) FILTER (WHERE feedback_on IS NOT NULL OR feedback_due_on < %s),
  count(*) FILTER (WHERE feedback_on <= feedback_due_on),
  count(*) FILTER (WHERE second_feedback_due_on IS NOT NULL
                   AND (second_feedback_on IS NOT NULL OR second_feedback_due_on < %s)),
  count(*) FILTER (WHERE second_feedback_on <= second_feedback_due_on),
  avg(feedback_days),
  CASE WHEN GROUPING(month, source_kind) = 3
       THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY feedback_days) END
FROM r
GROUP BY GROUPING SETS ((month, source_kind), ())
""".replace("{zone}", OSLO.key)
_COLUMNS = (
    "received_at",
    "source_kind",
    "reviewed_at",
    "review_due_on",
    "first_feedback_at",
    "feedback_due_on",
    "second_feedback_at",
    "second_feedback_due_on",
)


def _figures(
    period: QuerySet[ConcernReport], today: datetime.date
) -> tuple[dict[tuple[datetime.date, str], int], tuple[Any, ...]]:
    """The counts by (Oslo month, source), and the row of figures over all."""
    inner, params = period.values(*_COLUMNS).order_by().query.sql_with_params()
    with connections[period.db].cursor() as cursor:
        cursor.execute(_FIGURES.format(reports=inner), [*params, today, today, today])
        rows = cursor.fetchall()
    cells: dict[tuple[datetime.date, str], int] = {}
    total: tuple[Any, ...] = (3, None, None, 0, 0, 0, 0, 0, 0, 0, None, None)
    for row in rows:
        if row[0] == 3:
            total = row
        else:
            cells[(row[1], row[2])] = row[3]
    return cells, total


def report_statistics(
    reports: QuerySet[ConcernReport],
    consultations: QuerySet[Consultation],
    *,
    start: datetime.date,
    end: datetime.date,
    now: datetime.datetime,
) -> Statistics:
    """Figures for the reports (already narrowed by rodtrad.policy) received
    from `start` to `end`, Oslo dates, both included."""
    today = local_date(now)
    period = _in_period(reports, start, end)

    cells, total = _figures(period, today)

    consulted = {
        row["source_kind"]: row["n"]
        for row in consultations.filter(held_on__gte=start, held_on__lte=end)
        .values("source_kind")
        .annotate(n=Count("pk"))
        .order_by()
    }

    months = [
        MonthRow(
            month=month,
            counts=[cells.get((month, kind.value), 0) for kind in SOURCES],
            total=sum(cells.get((month, kind.value), 0) for kind in SOURCES),
        )
        for month in _months(start, end)
    ]
    by_source = [
        SourceCount(kind, kind.label, sum(n for (_, k), n in cells.items() if k == kind))
        for kind in SOURCES
    ]
    return Statistics(
        start=start,
        end=end,
        total=sum(cells.values()),
        by_source=by_source,
        months=months,
        review=DeadlineFigures(total[4], total[5]),
        feedback=DeadlineFigures(total[6], total[7]),
        second_feedback=DeadlineFigures(total[8], total[9]),
        feedback_days_average=None if total[10] is None else float(total[10]),
        feedback_days_median=total[11],
        consultations_total=sum(consulted.values()),
        consultations_by_source=[
            SourceCount(kind, kind.label, consulted.get(kind.value, 0)) for kind in SOURCES
        ],
    )
