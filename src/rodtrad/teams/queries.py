"""Reading teams, referrals and meetings for a page or an answer of the API.

Whether an item shows who the child is comes from the policy, per viewer;
an anonymous item shows only "a 15-year-old" to everyone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rodtrad.accounts.models import User
from rodtrad.cases.models import OPEN_MEASURE_STATUSES
from rodtrad.policy import teams as team_policy
from rodtrad.policy.cases import CaseAccess
from rodtrad.teams.models import (
    OPEN_REFERRAL_STATUSES,
    AgendaItem,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Referral,
    Team,
)


def anonymous_label(age: int) -> str:
    return _("Anonymous: a %(age)s-year-old") % {"age": age}


def referral_label(referral: Referral, shows_identity: bool) -> str:
    if shows_identity and not referral.anonymous:
        return referral.case.child.full_name
    return anonymous_label(referral.age)


@dataclass
class ItemView:
    item: AgendaItem
    access: CaseAccess | None
    label: str
    identity: bool  # name and birth date may show
    visible: bool  # the texts show at all
    decisions: list[Decision] = field(default_factory=list)
    family: list[MeetingParticipant] = field(default_factory=list)


def item_label(item: AgendaItem, identity: bool) -> str:
    if item.case is None:
        return item.topic
    if identity:
        return item.case.child.full_name
    if item.referral is not None:
        return anonymous_label(item.referral.age)
    return _("A relay log you cannot see")


def agenda(actor: User, meeting: Meeting) -> list[ItemView]:
    """Every item with what the actor may see of it (one audit event per case)."""
    items = list(
        meeting.agenda_items.select_related("referral", "case", "case__child").prefetch_related(
            "decisions__responsible", "decisions__responsible_unit", "decisions__measure"
        )
    )
    family = list(
        meeting.participants.filter(agenda_item__isnull=False).select_related("guardian", "child")
    )
    views = []
    for item in items:
        item.meeting = meeting
        access = team_policy.item_access(actor, item)
        identity = team_policy.shows_identity(access, item)
        views.append(
            ItemView(
                item=item,
                access=access,
                label=item_label(item, identity),
                identity=identity,
                visible=team_policy.can_see_item(actor, item, access),
                decisions=list(item.decisions.all()),
                family=[p for p in family if p.agenda_item_id == item.pk],
            )
        )
    return views


def participants(meeting: Meeting) -> list[MeetingParticipant]:
    return list(meeting.participants.select_related("user", "guardian", "child", "agenda_item"))


def participant_name(participant: MeetingParticipant, identity_items: set[int]) -> str:
    """Families are named only beside an item whose identity shows."""
    if participant.user is not None:
        return str(participant.user)
    if participant.agenda_item_id in identity_items:
        if participant.guardian is not None:
            return str(participant.guardian)
        if participant.child is not None:
            return participant.child.full_name
    if participant.guardian is not None:
        return _("A guardian")
    return _("The child or youth")


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).select_related("approved_by").first()


def team_members(team: Team) -> QuerySet[User]:
    return User.objects.filter(team_memberships__team=team, is_active=True).distinct()


def incoming_referrals(team: Team) -> list[Referral]:
    return list(
        team.referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
        .select_related("case", "case__child", "referred_by", "referred_by_unit")
        .order_by("created_at", "id")
    )


def upcoming_meetings(team: Team, now: datetime.datetime | None = None) -> list[Meeting]:
    moment = now or timezone.now()
    return list(
        team.meetings.filter(status=MeetingStatus.PLANNED, ends_at__gte=moment).order_by(
            "starts_at", "id"
        )
    )


def past_meetings(
    team: Team, now: datetime.datetime | None = None, limit: int = 10
) -> list[Meeting]:
    moment = now or timezone.now()
    return list(
        team.meetings.filter(ends_at__lt=moment)
        .select_related("minutes")
        .order_by("-starts_at", "-id")[:limit]
    )


def open_decisions(team: Team) -> list[Decision]:
    """Decisions in approved minutes not done yet: a measure still open, or no
    measure and not marked done."""
    return list(
        Decision.objects.filter(
            agenda_item__meeting__team=team,
            agenda_item__meeting__minutes__status=MinutesStatus.APPROVED,
        )
        .filter(
            Q(measure__status__in=OPEN_MEASURE_STATUSES)
            | Q(measure__isnull=True, done_at__isnull=True)
        )
        .select_related(
            "responsible",
            "responsible_unit",
            "measure",
            "agenda_item",
            "agenda_item__meeting",
            "agenda_item__referral",
            "agenda_item__case__child",
        )
        .order_by("due_on", "id")
    )
