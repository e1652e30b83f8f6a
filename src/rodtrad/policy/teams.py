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

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.audit.log import event_parameters, list_event_sql
from rodtrad.audit.models import LISTED_CHILDREN
from rodtrad.core.sql import compact
from rodtrad.organisation.models import Municipality
from rodtrad.policy.cases import (
    _REASONS,
    _VISIBLE_REASONS,
    LISTED_VISIBLE,
    Action,
    CaseAccess,
    _active,
    _parameters,
    case_access,
    get_case_for,
    member_unit_ids,
    served_municipality_ids,
    visible_cases,
)
from rodtrad.policy.registers import NotFound, can_manage_registers
from rodtrad.policy.seats import on_a_team
from rodtrad.teams.models import (
    OPEN_REFERRAL_STATUSES,
    AgendaItem,
    Meeting,
    MeetingParticipant,
    Referral,
    Team,
    TeamKind,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Actor = User | AnonymousUser


# Plain SQL, like the case policy: the ORM took longer to build these queries
# than PostgreSQL took to run them.

# The actor's seats on teams, for units they still work in.
_MEMBER_TEAMS = """
    SELECT tm.team_id FROM teams_teammembership tm
    WHERE tm.user_id = %(actor)s AND tm.unit_id = ANY(%(units)s::bigint[])"""


def _store_team_ids(actor: Actor, team_ids: Iterable[int]) -> frozenset[int]:
    cached = frozenset(team_ids)
    actor._team_ids = cached  # type: ignore[union-attr]
    return cached


def _member_parameters(actor: Actor) -> dict[str, Any]:
    return {"actor": actor.pk or 0, "units": sorted(member_unit_ids(actor))}


def member_team_ids(actor: Actor) -> frozenset[int]:
    if not _active(actor):
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_team_ids", None)
    if cached is not None:
        return cached
    if not on_a_team(actor):  # most employees: no query
        return _store_team_ids(actor, ())
    with connection.cursor() as cursor:
        cursor.execute(_MEMBER_TEAMS, _member_parameters(actor))
        return _store_team_ids(actor, (team_id for (team_id,) in cursor.fetchall()))


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


def _columns(alias: str, model: type[Any]) -> str:
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def _attnames(model: type[Any]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


# The team with its kind, leader and municipality (what select_related gave), and
# the actor's team seats: one query, and visible_teams' rule applied to the row.
_TEAM_SQL = f"""
    SELECT {_columns("t", Team)}, {_columns("k", TeamKind)}, {_columns("l", User)},
           {_columns("mu", Municipality)}, ARRAY({_MEMBER_TEAMS})
    FROM teams_team t
    JOIN teams_teamkind k ON k.id = t.kind_id
    JOIN accounts_user l ON l.id = t.leader_id
    JOIN organisation_municipality mu ON mu.id = t.municipality_id
    WHERE t.id = %(team)s"""  # noqa: S608 - column names only, no input in the text
_TEAM_NAMES, _KIND_NAMES, _LEADER_NAMES, _MUNICIPALITY_NAMES = (
    _attnames(model) for model in (Team, TeamKind, User, Municipality)
)


def get_team_for(actor: Actor, team_id: int) -> Team:
    if not _active(actor):
        raise NotFound(Team)
    with connection.cursor() as cursor:
        cursor.execute(_TEAM_SQL, _member_parameters(actor) | {"team": team_id})
        row = cursor.fetchone()
    if row is None:
        raise NotFound(Team)
    values = iter(row)

    def take(names: list[str]) -> list[Any]:
        return [next(values) for _name in names]

    alias = connection.alias
    team = Team.from_db(alias, _TEAM_NAMES, take(_TEAM_NAMES))
    kind = TeamKind.from_db(alias, _KIND_NAMES, take(_KIND_NAMES))
    leader = User.from_db(alias, _LEADER_NAMES, take(_LEADER_NAMES))
    municipality = Municipality.from_db(alias, _MUNICIPALITY_NAMES, take(_MUNICIPALITY_NAMES))
    mine: frozenset[int] | None = getattr(actor, "_team_ids", None)
    if mine is None:
        mine = _store_team_ids(actor, next(values))
    # As visible_teams: a team of a municipality the actor's units serve (not one
    # around a case), or a team the actor sits on.
    if not (
        (team.municipality_id in served_municipality_ids(actor) and team.case_id is None)
        or team.pk in mine
    ):
        raise NotFound(Team)
    team._state.fields_cache.update(kind=kind, leader=leader, municipality=municipality)
    return team


# The visible reasons (as visible_cases) tested on the given cases only: the
# candidates visible_cases starts from are a superset, there to spare testing
# every case in the country, and listing them cost an employee whose unit takes
# part in a thousand cases ~20 ms for a page of a dozen.
_READABLE_SQL = f"""
    SELECT c.id FROM cases_case c
    WHERE c.id = ANY(%(wanted)s::bigint[])
      AND ({" OR ".join(f"({_REASONS[name]})" for name in _VISIBLE_REASONS)})"""  # noqa: S608


# The same, and a team page's list event in the same statement: of the (case,
# child) pairs the page would name, those whose case the actor reads are named,
# and one `referral.listed` event records them (as the API's list of referrals
# does); none when no child is named.
_NAMED = """SELECT n.case_id, n.child_id
    FROM unnest(%(named_cases)s::bigint[], %(named_children)s::bigint[]) AS n(case_id, child_id)
    WHERE n.case_id IN (SELECT id FROM readable)"""
_TEAM_PAGE_EVENT = list_event_sql(
    "referral.listed",
    LISTED_VISIBLE,
    f"""jsonb_build_object('team', %(named_team)s::bigint,
        'shown', (SELECT jsonb_agg(DISTINCT case_id ORDER BY case_id) FROM named),
        '{LISTED_CHILDREN}', (SELECT jsonb_agg(DISTINCT child_id ORDER BY child_id) FROM named))""",  # noqa: S608
)
_READABLE_AND_LISTED_SQL = compact(
    f"""WITH readable AS ({_READABLE_SQL}), named AS ({_NAMED}),
    event AS ({_TEAM_PAGE_EVENT} WHERE EXISTS (SELECT 1 FROM named))
    SELECT id FROM readable"""  # noqa: S608 - constants only
)


def readable_case_ids(actor: Actor, case_ids: Iterable[int]) -> set[int]:
    """Which of these cases the actor reads (those visible_cases lists), in one query."""
    return _readable(actor, case_ids, _READABLE_SQL, {})


def _readable(actor: Actor, case_ids: Iterable[int], sql: str, values: dict[str, Any]) -> set[int]:
    wanted = sorted(set(case_ids))
    if not wanted or not _active(actor):
        return set()
    with connection.cursor() as cursor:
        cursor.execute(sql, _parameters(actor, timezone.now()) | values | {"wanted": wanted})
        return {case_id for (case_id,) in cursor.fetchall()}


def readable_and_listed(
    actor: Actor, case_ids: Iterable[int], *, team_id: int, named: Collection[tuple[int, int]]
) -> set[int]:
    """readable_case_ids for a team's page, which names the child of each pair in
    `named` (case id, child id) whose case the actor reads: the same statement
    records those children in one `referral.listed` event."""
    values = event_parameters(actor) | {
        "named_team": team_id,
        "named_cases": [case for case, _ in named],
        "named_children": [child for _, child in named],
    }
    return _readable(actor, case_ids, _READABLE_AND_LISTED_SQL, values)


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
