"""Reading relay logs: each function is a fixed number of queries, whatever the rows.

Lists go through policy.visible_cases, so a case the actor may not open never
shows up, not even as a measure or a reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.cases.actions import reminder_days
from rodtrad.cases.models import (
    OPEN_MEASURE_STATUSES,
    Case,
    Entry,
    EntryKind,
    Evaluation,
    Handover,
    HandoverStatus,
    Level,
    Measure,
    Status,
)

TIMELINE_RELATED = (
    "author",
    "author_unit",
    "decided_by",
    "unit",
    "measure",
    "measure__responsible",
    "measure__responsible_unit",
    "evaluation",
    "evaluation__measure",
    "handover",
    "handover__from_user",
    "handover__to_user",
    "handover__to_unit",
)


def timeline(case: Case, kinds: list[str] | None = None) -> QuerySet[Entry]:
    """Every entry of the case in the order it was written (one query)."""
    entries = Entry.objects.filter(case=case).select_related(*TIMELINE_RELATED)
    if kinds:
        entries = entries.filter(kind__in=kinds)
    return entries.order_by("created_at", "id")


def timeline_newest_first(case: Case, kinds: list[str] | None = None) -> QuerySet[Entry]:
    """The timeline for the pages, newest first, to be sliced into pages.

    The few entries that point to a measure, an evaluation or a handover get
    theirs in one query each (prefetched for the slice only): a fourteen-table
    join costs more to plan and to turn into objects than the page renders.
    At most four queries, whatever the number of entries.
    """
    entries = (
        Entry.objects.filter(case=case)
        .select_related("author", "author_unit", "decided_by", "unit")
        .prefetch_related(
            Prefetch(
                "measure",
                queryset=Measure.objects.select_related("responsible", "responsible_unit"),
            ),
            Prefetch("evaluation", queryset=Evaluation.objects.select_related("measure")),
            Prefetch(
                "handover",
                queryset=Handover.objects.select_related("from_user", "to_user", "to_unit"),
            ),
        )
    )
    if kinds:
        entries = entries.filter(kind__in=kinds)
    return entries.order_by("-created_at", "-id")


def measures(case: Case) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(case=case)
        .select_related("responsible", "responsible_unit")
        .order_by("evaluate_on", "id")
    )


def evaluations(case: Case) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(case=case)
        .select_related("measure", "author")
        .order_by("held_on", "id")
    )


def handovers(case: Case) -> QuerySet[Handover]:
    return Handover.objects.filter(case=case).select_related(
        "from_user", "from_unit", "to_user", "to_unit"
    )


def open_handover(case: Case) -> Handover | None:
    return handovers(case).filter(status=HandoverStatus.OFFERED).first()


@dataclass(frozen=True)
class Overview:
    """The counts a case page shows at the top: worries and bright spots side by side."""

    concerns: int
    bright_spots: int


def overview(case: Case) -> Overview:
    """One query: counts of worries (concerns and observations) and bright spots."""
    counts = Entry.objects.filter(case=case).aggregate(
        concerns=Count("id", filter=Q(kind__in=(EntryKind.CONCERN, EntryKind.OBSERVATION))),
        bright_spots=Count("id", filter=Q(kind=EntryKind.BRIGHT_SPOT)),
    )
    return Overview(concerns=counts["concerns"], bright_spots=counts["bright_spots"])


# -- "Mine saker" ------------------------------------------------------------------------
# Lines, not model instances: the page shows a few fields of each, and building
# three models per row (case, child, holder) cost more than the queries.


@dataclass(frozen=True)
class CaseLine:
    """An open relay log as "Mine saker" lists it."""

    pk: int
    child_name: str
    level: int
    holder_id: int | None
    holder: str
    unit: str
    opened_at: datetime.datetime
    review_requested_at: datetime.datetime | None

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


_CASE_LINE = (
    "pk",
    "child__given_name",
    "child__family_name",
    "level",
    "holder_id",
    "holder__first_name",
    "holder__last_name",
    "holder__username",
    "holder_unit__name",
    "opened_at",
    "leader_review_requested_at",
)


def _case_lines(cases: QuerySet[Case]) -> list[CaseLine]:
    return [
        CaseLine(
            pk=pk,
            child_name=f"{given} {family}",
            level=level,
            holder_id=holder_id,
            holder=f"{first} {last}".strip() or (username or ""),
            unit=unit or "",
            opened_at=opened_at,
            review_requested_at=review,
        )
        for pk, given, family, level, holder_id, first, last, username, unit, opened_at, review in (
            cases.values_list(*_CASE_LINE)
        )
    ]


def visible_open_case_ids(actor: User) -> list[int]:
    """The open cases the actor may see, as ids: asked once, for every list of the page."""
    return list(policy.visible_cases(actor).filter(status=Status.OPEN).values_list("pk", flat=True))


def my_open_cases(
    actor: User, visible: Sequence[int], *, others_limit: int = 50
) -> tuple[list[CaseLine], list[CaseLine]]:
    """The open cases where the actor holds the baton, and (at most `others_limit`)
    those they take part in: one query, as the visible ones include the held ones."""
    lines = _case_lines(
        Case.objects.filter(pk__in=visible).order_by(
            "child__family_name", "child__given_name", "id"
        )
    )
    held = [line for line in lines if line.holder_id == actor.pk]
    others = [line for line in lines if line.holder_id != actor.pk][:others_limit]
    return held, others


@dataclass(frozen=True)
class MeasureLine:
    pk: int
    case_id: int
    child_name: str
    goal: str
    evaluate_on: datetime.date


def my_measures_to_evaluate(
    actor: User, today: datetime.date, *, visible: Sequence[int]
) -> tuple[list[MeasureLine], list[MeasureLine]]:
    """Open measures the actor is responsible for, or in a case they hold, whose
    evaluation is overdue, and those due within the reminder days (one query)."""
    horizon = today + datetime.timedelta(days=reminder_days())
    rows = (
        Measure.objects.filter(
            status__in=OPEN_MEASURE_STATUSES,
            case__status=Status.OPEN,
            case__in=visible,
            evaluate_on__lte=horizon,
        )
        .filter(Q(responsible_id=actor.pk) | Q(case__holder_id=actor.pk))
        .order_by("evaluate_on", "id")
        .values_list(
            "pk",
            "case_id",
            "case__child__given_name",
            "case__child__family_name",
            "goal",
            "evaluate_on",
        )
    )
    lines = [
        MeasureLine(pk, case_id, f"{given} {family}", goal, evaluate_on)
        for pk, case_id, given, family, goal, evaluate_on in rows
    ]
    overdue = [line for line in lines if line.evaluate_on < today]
    due = [line for line in lines if line.evaluate_on >= today]
    return overdue, due


def measures_due(actor: User, today: datetime.date | None = None) -> list[MeasureLine]:
    """Measures due for evaluation within the reminder days (for one list alone)."""
    day = today or timezone.localdate()
    return my_measures_to_evaluate(actor, day, visible=visible_open_case_ids(actor))[1]


@dataclass(frozen=True)
class HandoverLine:
    pk: int
    case_id: int
    child_name: str
    from_user: str
    from_unit: str


def handovers_waiting(actor: User) -> list[HandoverLine]:
    """Batons offered to the actor, still in a unit of theirs, waiting for an answer."""
    rows = (
        Handover.objects.filter(
            to_user_id=actor.pk,
            status=HandoverStatus.OFFERED,
            to_unit_id__in=policy.member_unit_ids(actor),
        )
        .order_by("offered_at", "id")
        .values_list(
            "pk",
            "case_id",
            "case__child__given_name",
            "case__child__family_name",
            "from_user__first_name",
            "from_user__last_name",
            "from_user__username",
            "from_unit__name",
        )
    )
    return [
        HandoverLine(pk, case_id, f"{given} {family}", f"{first} {last}".strip() or name, unit)
        for pk, case_id, given, family, first, last, name, unit in rows
    ]


def awaiting_my_decision(actor: User) -> list[CaseLine]:
    """Cases in units the actor leads where the employee has asked for the leader's decision."""
    led = policy.led_unit_ids(actor)
    if not led:
        return []
    return _case_lines(
        Case.objects.filter(
            holder_unit_id__in=led,
            status=Status.OPEN,
            leader_review_requested_at__isnull=False,
        ).order_by("leader_review_requested_at", "id")
    )
