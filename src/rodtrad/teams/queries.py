"""Reading teams, referrals and meetings for a page or an answer of the API.

Whether an item shows who the child is comes from the policy, per viewer;
an anonymous item shows only "a 15-year-old" to everyone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from rodtrad.accounts.models import User
from rodtrad.accounts.sql import display_name
from rodtrad.cases.models import OPEN_MEASURE_STATUSES
from rodtrad.core.links import link
from rodtrad.core.sql import compact
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
    ReferralStatus,
    Team,
    TeamRole,
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


# -- the team's page -------------------------------------------------------------------------
# Plain SQL with the display strings made in the database (names, dates in the
# current time zone): the page lists every open referral, meeting and decision
# of the team, and building and instantiating ORM rows for them cost more than
# the queries themselves. The query count does not grow with the rows.


_PLACEHOLDER = 987654321


def _paths(name: str) -> Callable[[int], str]:
    """Many links of one name at the cost of one: the path around a placeholder id."""
    before, _sep, after = link(name, _PLACEHOLDER).partition(str(_PLACEHOLDER))
    return lambda pk: f"{before}{pk}{after}"


# Names as scalar subqueries rather than joins: PostgreSQL plans a join of many
# tables for longer than it runs it (milliseconds against a fraction of one).
_PERSON = f"(SELECT {display_name('u')} FROM accounts_user u WHERE u.id = {{id}})"  # noqa: S608
_UNIT = "(SELECT u.name FROM organisation_unit u WHERE u.id = {id})"
_CHILD = """(SELECT ch.given_name || ' ' || ch.family_name FROM cases_case c
             JOIN people_child ch ON ch.id = c.child_id WHERE c.id = {id})"""
_CHILD_ID = "(SELECT c.child_id FROM cases_case c WHERE c.id = {id})"
_DAY = "to_char({t} AT TIME ZONE %(zone)s, 'DD.MM.YYYY')"


def _list(columns: str, order: str, source: str) -> str:
    """The rows of `source` as one JSON array of arrays of `columns`, in `order`."""
    aggregate = f"json_agg(json_build_array({columns}) ORDER BY {order})"
    return f"(SELECT coalesce({aggregate}, '[]') {source})"


_REFERRALS = _list(
    f"""r.id, r.case_id, r.anonymous, r.age, r.status, {_DAY.format(t="r.created_at")},
        {_CHILD.format(id="r.case_id")}, {_PERSON.format(id="r.referred_by_id")},
        {_UNIT.format(id="r.referred_by_unit_id")}, {_CHILD_ID.format(id="r.case_id")}""",
    "r.created_at, r.id",
    "FROM teams_referral r WHERE r.team_id = %(team)s AND r.status = ANY(%(open)s)",
)

# Decisions in approved minutes not done yet: a measure still open, or no measure
# and not marked done.
_DECISIONS = _list(
    f"""d.text, to_char(d.due_on, 'DD.MM.YYYY'), {_PERSON.format(id="d.responsible_id")},
        {_UNIT.format(id="d.responsible_unit_id")}, a.case_id, a.topic,
        r.id IS NOT NULL, coalesce(r.anonymous, false), r.age, {_CHILD.format(id="a.case_id")},
        {_CHILD_ID.format(id="a.case_id")}""",
    "d.due_on, d.id",
    """FROM teams_meeting m
    JOIN teams_minutes mi ON mi.meeting_id = m.id
    JOIN teams_agendaitem a ON a.meeting_id = m.id
    JOIN teams_decision d ON d.agenda_item_id = a.id
    LEFT JOIN teams_referral r ON r.id = a.referral_id
    WHERE m.team_id = %(team)s AND mi.status = %(approved)s
      AND CASE WHEN d.measure_id IS NULL THEN d.done_at IS NULL
               ELSE EXISTS (SELECT 1 FROM cases_measure me
                            WHERE me.id = d.measure_id AND me.status = ANY(%(open_measures)s))
          END""",
)

_MEMBERS = _list(
    "t.name, t.unit, t.role",
    "t.role DESC, t.first_name, t.unit",
    f"""FROM (SELECT {display_name("u")} AS name, {_UNIT.format(id="t.unit_id")} AS unit,
                     t.role, u.first_name
              FROM teams_teammembership t LEFT JOIN accounts_user u ON u.id = t.user_id
              WHERE t.team_id = %(team)s) t""",  # noqa: S608 - no input in the text
)

# Upcoming (planned, not ended) and the ten latest ended.
_MEETINGS = _list(
    "m.id, m.title, m.upcoming, m.shown",
    "m.starts_at, m.id",
    f"""FROM ((SELECT id, title, true AS upcoming, starts_at,
                      to_char(starts_at AT TIME ZONE %(zone)s, 'DD.MM.YYYY HH24:MI') AS shown
               FROM teams_meeting
               WHERE team_id = %(team)s AND status = %(planned)s AND ends_at >= %(now)s)
              UNION ALL
              (SELECT id, title, false, starts_at, {_DAY.format(t="starts_at")}
               FROM teams_meeting WHERE team_id = %(team)s AND ends_at < %(now)s
               ORDER BY starts_at DESC, id DESC LIMIT %(past)s)) m""",  # noqa: S608 - no input in the text
)

# The team's work in one round trip, each list a JSON array.
_WORK_SQL = compact(f"SELECT {_REFERRALS}, {_DECISIONS}, {_MEMBERS}, {_MEETINGS}")


@dataclass
class TeamWork:
    """What a member sees on the team's page, as display strings."""

    referrals: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    past_meetings: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    members: list[dict[str, Any]]


def team_work(
    actor: User, team: Team, now: datetime.datetime | None = None, past: int = 10
) -> TeamWork:
    """The open referrals (oldest first), the upcoming meetings and the `past` latest,
    the decisions not yet done, and the members. A child is named only where the
    actor reads the case (one policy query for every case on the page) and the
    referral is not anonymous; otherwise "Anonymous: a 15-year-old". The children
    named are recorded as a list in the audit log (`referral.listed`), so each
    one's access log shows who saw them on the team's page."""
    params: dict[str, Any] = {
        "team": team.pk,
        "zone": timezone.get_current_timezone_name(),
        "open": [str(s) for s in OPEN_REFERRAL_STATUSES],
        "planned": str(MeetingStatus.PLANNED),
        "now": now or timezone.now(),
        "past": past,
        "approved": str(MinutesStatus.APPROVED),
        "open_measures": [str(s) for s in OPEN_MEASURE_STATUSES],
    }
    with connection.cursor() as cursor:
        cursor.execute(_WORK_SQL, params)
        referrals, decisions, members, meetings = cursor.fetchone()
    cases = {row[1] for row in referrals} | {row[4] for row in decisions if row[4] is not None}
    readable = team_policy.readable_and_listed(
        actor, cases, team_id=team.pk, named=_nameable(referrals, decisions)
    )
    referral_path = _paths("teams:referral")
    meeting_path = _paths("teams:meeting")
    # Only the statuses on the page translated: each label is a gettext.
    status = {state: str(ReferralStatus(state).label) for state in {r[4] for r in referrals}}
    return TeamWork(
        referrals=[
            {
                "href": referral_path(pk),
                "label": child if case in readable and not anonymous else anonymous_label(age),
                "from": by if anonymous else f"{by}, {unit}",
                "referred": day,
                "status": status[state],
            }
            for pk, case, anonymous, age, state, day, child, by, unit, _child_id in referrals
        ],
        meetings=[
            {"href": meeting_path(pk), "title": title, "when": when}
            for pk, title, upcoming, when in meetings
            if upcoming
        ],
        past_meetings=[  # the latest first
            {"href": meeting_path(pk), "title": title, "when": when}
            for pk, title, upcoming, when in reversed(meetings)
            if not upcoming
        ],
        decisions=[
            {
                "text": text,
                "label": _decision_label(case, topic, referred, anonymous, age, child, readable),
                "responsible": f"{person} ({unit})",
                "by": due,
            }
            for text, due, person, unit, case, topic, referred, anonymous, age, child, *_ in (
                decisions
            )
        ],
        members=[
            {"user": user, "unit": unit, "leader": role == TeamRole.LEADER}
            for user, unit, role in members
        ],
    )


def _nameable(referrals: list[list[Any]], decisions: list[list[Any]]) -> set[tuple[int, int]]:
    """The (case, child) pairs the page names if the actor reads the case: not
    anonymous, and for a decision, about a relay log (as _decision_label)."""
    pairs = {(case, child) for _, case, anonymous, *_, child in referrals if not anonymous}
    return pairs | {
        (case, child)
        for *_, case, _topic, _referred, anonymous, _age, name, child in decisions
        if case is not None and not anonymous and name is not None
    }


def _decision_label(
    case: int | None,
    topic: str,
    referred: bool,
    anonymous: bool,
    age: int | None,
    child: str | None,
    readable: set[int],
) -> str:
    """As item_label: the topic, the child, "Anonymous: …", or a case out of reach."""
    if case is None:
        return topic
    if case in readable and not anonymous and child is not None:
        return child
    if referred and age is not None:
        return anonymous_label(age)
    return _("A relay log you cannot see")
