"""Figures on reports of concern, counted by PostgreSQL: reports by source
kind and by month, the share of deadlines met, and the time to feedback.

Three queries whatever the number of reports (grouped counts, one aggregate,
the consultations), so the page stays fast on a national data set. Months
and days are Oslo calendar months and days, as the deadlines are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate, TruncMonth
from django_stubs_ext import StrOrPromise

from rodtrad.reports.deadlines import OSLO, local_date
from rodtrad.reports.models import ConcernReport, Consultation, SourceKind

SOURCES = list(SourceKind)


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days_between(later: str, earlier: str) -> Func:
    """Whole Oslo calendar days from one moment to another (PostgreSQL date − date)."""
    return Func(
        TruncDate(later, tzinfo=OSLO),
        TruncDate(earlier, tzinfo=OSLO),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


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


def _deadline(
    done: str, due: str, today: datetime.date, *, applies: Q | None = None
) -> dict[str, Aggregate]:
    done_in_time = Q(**{f"{done}__isnull": False}) & Q(
        **{f"{due}__gte": TruncDate(done, tzinfo=OSLO)}
    )
    reached = Q(**{f"{done}__isnull": False}) | Q(**{f"{due}__lt": today})
    if applies is not None:
        reached &= applies
        done_in_time &= applies
    return {
        f"{done}_reached": Count("pk", filter=reached),
        f"{done}_in_time": Count("pk", filter=done_in_time),
    }


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

    grouped = (
        period.annotate(month=TruncMonth("received_at", tzinfo=OSLO))
        .values("month", "source_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[datetime.date, str], int] = {}
    for row in grouped:
        month = row["month"]
        day = month.astimezone(OSLO).date() if isinstance(month, datetime.datetime) else month
        cells[(day, row["source_kind"])] = row["n"]

    figures = period.aggregate(
        **_deadline("reviewed_at", "review_due_on", today),
        **_deadline("first_feedback_at", "feedback_due_on", today),
        **_deadline(
            "second_feedback_at",
            "second_feedback_due_on",
            today,
            applies=Q(second_feedback_due_on__isnull=False),
        ),
        feedback_days_average=Avg(
            _days_between("first_feedback_at", "received_at"),
            filter=Q(first_feedback_at__isnull=False),
            output_field=FloatField(),
        ),
        feedback_days_median=Median(
            _days_between("first_feedback_at", "received_at"),
            filter=Q(first_feedback_at__isnull=False),
        ),
    )

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
        review=DeadlineFigures(figures["reviewed_at_reached"], figures["reviewed_at_in_time"]),
        feedback=DeadlineFigures(
            figures["first_feedback_at_reached"], figures["first_feedback_at_in_time"]
        ),
        second_feedback=DeadlineFigures(
            figures["second_feedback_at_reached"], figures["second_feedback_at_in_time"]
        ),
        feedback_days_average=figures["feedback_days_average"],
        feedback_days_median=figures["feedback_days_median"],
        consultations_total=sum(consulted.values()),
        consultations_by_source=[
            SourceCount(kind, kind.label, consulted.get(kind.value, 0)) for kind in SOURCES
        ],
    )
