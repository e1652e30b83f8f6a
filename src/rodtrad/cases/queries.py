"""Reading relay logs: each function is a fixed number of queries, whatever the rows.

Lists go through policy.visible_cases, so a case the actor may not open never
shows up, not even as a measure or a reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
    Measure,
    Status,
)
from rodtrad.organisation.models import Membership, Role

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


CASE_RELATED = ("child", "holder", "holder_unit")


def held_cases(actor: User) -> QuerySet[Case]:
    """Open cases where the actor holds the baton."""
    return (
        Case.objects.filter(holder_id=actor.pk, status=Status.OPEN)
        .select_related(*CASE_RELATED)
        .order_by("child__family_name", "child__given_name", "id")
    )


def visible_open_case_ids(actor: User) -> list[int]:
    """The open cases the actor may see, as ids. The policy query takes longer to
    plan than to run; a page that lists several things asks it once and passes the
    ids on as `visible` (Mine saker: three lists, one policy query)."""
    return list(policy.visible_cases(actor).filter(status=Status.OPEN).values_list("pk", flat=True))


def _visible(actor: User, visible: Sequence[int] | None) -> Any:
    return policy.visible_cases(actor).values("pk") if visible is None else visible


def other_cases(
    actor: User, limit: int = 50, *, visible: Sequence[int] | None = None
) -> list[Case]:
    """Open cases the actor takes part in without holding the baton."""
    return list(
        Case.objects.filter(status=Status.OPEN, pk__in=_visible(actor, visible))
        .exclude(holder_id=actor.pk)
        .select_related(*CASE_RELATED)
        .order_by("child__family_name", "child__given_name", "id")[:limit]
    )


def _my_open_measures(actor: User, visible: Sequence[int] | None) -> QuerySet[Measure]:
    """Open measures the actor is responsible for, or in a case they hold, that they may see."""
    return (
        Measure.objects.filter(
            status__in=OPEN_MEASURE_STATUSES,
            case__status=Status.OPEN,
            case__in=_visible(actor, visible),
        )
        .filter(Q(responsible_id=actor.pk) | Q(case__holder_id=actor.pk))
        .select_related("case", "case__child", "responsible", "responsible_unit")
        .order_by("evaluate_on", "id")
    )


def measures_due(
    actor: User, today: datetime.date | None = None, *, visible: Sequence[int] | None = None
) -> list[Measure]:
    day = today or timezone.localdate()
    horizon = day + datetime.timedelta(days=reminder_days())
    return list(
        _my_open_measures(actor, visible).filter(evaluate_on__gte=day, evaluate_on__lte=horizon)
    )


def measures_overdue(
    actor: User, today: datetime.date | None = None, *, visible: Sequence[int] | None = None
) -> list[Measure]:
    day = today or timezone.localdate()
    return list(_my_open_measures(actor, visible).filter(evaluate_on__lt=day))


def handovers_waiting(actor: User) -> list[Handover]:
    """Batons offered to the actor, still in a unit of theirs, waiting for an answer."""
    return list(
        Handover.objects.filter(
            to_user_id=actor.pk,
            status=HandoverStatus.OFFERED,
            to_unit_id__in=policy.member_unit_ids(actor),
        )
        .select_related("case", "case__child", "from_user", "from_unit", "to_unit")
        .order_by("offered_at", "id")
    )


def awaiting_my_decision(actor: User) -> list[Case]:
    """Cases in units the actor leads where the employee has asked for the leader's decision."""
    led = Membership.objects.filter(user_id=actor.pk, role=Role.LEADER).values("unit_id")
    return list(
        Case.objects.filter(
            holder_unit_id__in=led,
            status=Status.OPEN,
            leader_review_requested_at__isnull=False,
        )
        .select_related(*CASE_RELATED)
        .order_by("leader_review_requested_at", "id")
    )
