"""Who sees and runs teams, referrals and meetings (DESIGN.md §5).

- A team is seen by the employees of the municipalities it serves, so they
  know where to refer; a team around one case (an ansvarsgruppe) only by its
  members, since its existence says something about a child.
- A referral is seen by the members of its team while it is open, by the
  employee who made it, and by whoever reads the case. Whether the child's
  identity shows is the case policy's answer (cases.CaseAccess.anonymous),
  and an anonymous referral stays anonymous on the team's pages for everyone.
- A meeting is seen by its participants, the members of its team, and for a
  meeting about a case by whoever reads the case. Its leader approves the minutes.

Everything out of reach raises NotFound, like what does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from rodtrad.policy.cases import (
    Action,
    CaseAccess,
    _active,
    case_access,
    get_case_for,
    member_unit_ids,
    served_municipality_ids,
    visible_cases,
)
from rodtrad.policy.registers import NotFound, can_manage_registers
from rodtrad.teams.models import (
    OPEN_REFERRAL_STATUSES,
    AgendaItem,
    Meeting,
    MeetingParticipant,
    Referral,
    Team,
    TeamMembership,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

    Actor = User | AnonymousUser


def _seats(actor: Actor) -> QuerySet[TeamMembership]:
    """The actor's seats on teams, for units they still work in."""
    return TeamMembership.objects.filter(user_id=actor.pk or 0, unit_id__in=member_unit_ids(actor))


def member_team_ids(actor: Actor) -> frozenset[int]:
    if not _active(actor):
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_team_ids", None)
    if cached is None:
        cached = frozenset(_seats(actor).values_list("team_id", flat=True))
        actor._team_ids = cached  # type: ignore[union-attr]
    return cached


def visible_teams(actor: Actor) -> QuerySet[Team]:
    if not _active(actor):
        return Team.objects.none()
    return Team.objects.filter(
        Q(municipality_id__in=served_municipality_ids(actor), case__isnull=True)
        | Q(pk__in=member_team_ids(actor))
    )


def is_member(actor: Actor, team: Team) -> bool:
    return team.pk in member_team_ids(actor)


def leads(actor: Actor, team: Team) -> bool:
    return _active(actor) and team.leader_id == actor.pk and is_member(actor, team)


def can_administer_team(actor: Actor, team: Team) -> bool:
    """The municipality's administrators, and the team's leader."""
    return leads(actor, team) or can_manage_registers(actor, team.municipality_id)


def get_team_for(actor: Actor, team_id: int) -> Team:
    team = (
        visible_teams(actor)
        .select_related("kind", "leader", "municipality")
        .filter(pk=team_id)
        .first()
    )
    if team is None:
        raise NotFound(Team)
    return team


@dataclass(frozen=True)
class ReferralView:
    """What the actor sees of one referral, and may do with it."""

    access: CaseAccess | None
    member: bool
    leader: bool
    referrer: bool

    @property
    def shows_identity(self) -> bool:
        return self.access is not None and self.access.allows(Action.READ)

    @property
    def can_change(self) -> bool:
        """Add what the team asked for, withdraw, or link with consent."""
        return self.access is not None and self.access.allows(Action.WRITE)


def visible_referrals(actor: Actor) -> QuerySet[Referral]:
    """Open referrals to the actor's teams, those they made, and those of cases they read."""
    if not _active(actor):
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(team_id__in=member_team_ids(actor), status__in=OPEN_REFERRAL_STATUSES, team__active=True)
        | Q(referred_by_id=actor.pk)
        | Q(case__in=visible_cases(actor).values("pk"))
    )


def get_referral_for(
    actor: Actor, referral_id: int, action: Action = Action.DISCUSS
) -> tuple[Referral, ReferralView]:
    """Fetch, authorise and audit (through get_case_for) one referral."""
    referral = (
        visible_referrals(actor)
        .select_related("team", "team__leader", "case", "referred_by", "referred_by_unit")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotFound(Referral)
    member = is_member(actor, referral.team)
    try:
        case, access = get_case_for(actor, referral.case_id, action)
    except NotFound:
        raise NotFound(Referral) from None
    if not access.allows(Action.READ) and not member:
        # An anonymous reason from another team's referral does not open this one.
        raise NotFound(Referral)
    referral.case = case
    view = ReferralView(
        access=access,
        member=member,
        leader=leads(actor, referral.team),
        referrer=referral.referred_by_id == actor.pk,
    )
    return referral, view


def visible_meetings(actor: Actor) -> QuerySet[Meeting]:
    if not _active(actor):
        return Meeting.objects.none()
    participant = MeetingParticipant.objects.filter(meeting=OuterRef("pk"), user_id=actor.pk or 0)
    return Meeting.objects.filter(
        Q(team_id__in=member_team_ids(actor))
        | Q(leader_id=actor.pk)
        | Exists(participant)
        | Q(case__in=visible_cases(actor).values("pk"))
    )


@dataclass(frozen=True)
class MeetingView:
    member: bool  # a member of the meeting's team, or an employee taking part
    leader: bool  # the meeting leader: approves the minutes

    @property
    def can_write_minutes(self) -> bool:
        return self.member or self.leader


def get_meeting_for(actor: Actor, meeting_id: int) -> tuple[Meeting, MeetingView]:
    meeting = (
        visible_meetings(actor)
        .select_related("team", "case", "case__child", "leader", "municipality")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound(Meeting)
    on_team = meeting.team_id is not None and meeting.team_id in member_team_ids(actor)
    taking_part = MeetingParticipant.objects.filter(meeting=meeting, user_id=actor.pk or 0).exists()
    return meeting, MeetingView(
        member=on_team or taking_part or meeting.leader_id == actor.pk,
        leader=meeting.leader_id == actor.pk,
    )


def item_access(actor: Actor, item: AgendaItem) -> CaseAccess | None:
    """How the actor may see the case of an agenda item (audited), or None."""
    if item.case_id is None:
        return None
    try:
        _case, access = get_case_for(actor, item.case_id, Action.DISCUSS)
    except NotFound:
        return None
    return access


def shows_identity(access: CaseAccess | None, item: AgendaItem) -> bool:
    """An item shows who the child is only to someone who reads the case, and
    never while the discussion is anonymous."""
    return access is not None and access.allows(Action.READ) and not item.anonymous


def can_see_item(actor: Actor, item: AgendaItem, access: CaseAccess | None) -> bool:
    """Whether the item's texts (views, assessment, decisions) show at all."""
    if item.case_id is None:
        return True
    return access is not None or (
        item.meeting.team_id is not None and item.meeting.team_id in member_team_ids(actor)
    )


def case_case_access(actor: Actor, case_id: int) -> CaseAccess | None:
    """The case policy for a case id, without an audit event (for choices)."""
    from rodtrad.cases.models import Case

    case = Case.objects.filter(pk=case_id).first()
    return case_access(actor, case) if case is not None else None
