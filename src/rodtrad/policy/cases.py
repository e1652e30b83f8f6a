"""Who sees a child's relay log (stafettlogg), and why (DESIGN.md §5).

An employee sees a case only through a reason:
- they hold the baton (Reason.BATON_HOLDER);
- they lead the baton holder's unit, who anchors the decisions at level 0
  ("lederforankret beslutning") (Reason.HOLDER_UNIT_LEADER);
- they belong to a unit that takes part in the case and that a consent in
  force covers, for collaboration (Reason.CONSENTED_UNIT);
- they have broken the glass: emergency access with a written reason, not
  yet expired (Reason.EMERGENCY).
An employee who has been offered the baton (Reason.HANDOVER_OFFERED), and
still works in the unit it was offered to, may only answer the offer
(Action.ANSWER_HANDOVER): the offer page shows who the child is, the level
and the message, and nothing of the timeline until they accept.
A member of a team a case is referred to (Reason.TEAM_REFERRAL), while the
referral is open and the member still works in the unit they sit on the team
for, discusses it (Action.DISCUSS). With the family's consent for team
discussion covering that unit, and a referral not made anonymously, they
read and write the case like a consented unit; without, the access is
anonymous (CaseAccess.anonymous): the team's pages show the referral's text
and the child's age, never a name, number, birth date, address or school, and
the case's own pages and lists stay closed.
Child welfare's own legal basis joins this list with the issue that brings
reports. Every reason but the baton holder's
also needs a unit that serves the child's municipality (tenancy).

One SQL text decides: each reason is a boolean expression over a case
(`_REASONS`); `visible_cases`, `visible_cases_sql` and `visible_children`
keep the cases where a reading reason holds, and `case_access` reads every reason
for one case, so the list and the single page can never disagree.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.access.models import EmergencyAccess
from rodtrad.accounts.models import User
from rodtrad.audit.log import INSERT_EVENT, event_parameters
from rodtrad.cases.models import Case, HandoverStatus
from rodtrad.consent.models import Decision, Purpose
from rodtrad.core.sql import compact
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child
from rodtrad.policy import seats
from rodtrad.policy.registers import NotFound, administered_municipality_ids
from rodtrad.teams.models import OPEN_REFERRAL_STATUSES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    Actor = User | AnonymousUser


class Reason(enum.StrEnum):
    BATON_HOLDER = "baton_holder"
    HOLDER_UNIT_LEADER = "holder_unit_leader"
    CONSENTED_UNIT = "consented_unit"
    EMERGENCY = "emergency"
    HANDOVER_OFFERED = "handover_offered"
    TEAM_REFERRAL = "team_referral"


# The audit reason of a list of relay logs the actor may open, each for one of
# the reasons above (the API's list; Mine saker records its own, "mine_saker").
LISTED_VISIBLE = "visible_cases"

REASON_EXPLANATIONS: dict[Reason, StrOrPromise] = {
    Reason.BATON_HOLDER: _("You hold the baton for this relay log."),
    Reason.HOLDER_UNIT_LEADER: _("You lead the unit of the baton holder."),
    Reason.CONSENTED_UNIT: _(
        "Your unit takes part in this relay log, and the family's consent covers your unit."
    ),
    Reason.EMERGENCY: _("You have emergency access with a written reason, until it expires."),
    Reason.HANDOVER_OFFERED: _("You have been offered the baton for this relay log."),
    Reason.TEAM_REFERRAL: _(
        "The relay log is referred to a team you are a member of, and the family's consent "
        "for team discussion covers your unit."
    ),
}


class Action(enum.StrEnum):
    READ = "case.read"  # open the case and its timeline
    WRITE = "case.write"  # add entries, measures and evaluations
    MANAGE = "case.manage"  # change level, hand over, close and reopen
    ANSWER_HANDOVER = "case.answer_handover"  # accept or decline the baton offered to you
    DISCUSS = "case.discuss"  # the team's referral, agenda and minutes (maybe anonymously)


# Which reasons allow which actions. Emergency access reads; it does not write.
ALLOWED: dict[Action, frozenset[Reason]] = {
    Action.READ: frozenset(
        {
            Reason.BATON_HOLDER,
            Reason.HOLDER_UNIT_LEADER,
            Reason.CONSENTED_UNIT,
            Reason.EMERGENCY,
            Reason.TEAM_REFERRAL,
        }
    ),
    Action.WRITE: frozenset(
        {
            Reason.BATON_HOLDER,
            Reason.HOLDER_UNIT_LEADER,
            Reason.CONSENTED_UNIT,
            Reason.TEAM_REFERRAL,
        }
    ),
    Action.MANAGE: frozenset({Reason.BATON_HOLDER}),
    Action.ANSWER_HANDOVER: frozenset({Reason.HANDOVER_OFFERED}),
}
# Whoever reads the case may follow its team discussions too.
ALLOWED[Action.DISCUSS] = ALLOWED[Action.READ]


@dataclass(frozen=True)
class CaseAccess:
    reasons: frozenset[Reason]
    # The team referral holds without the family's consent: it discusses only.
    team_without_consent: bool = False

    @property
    def reason(self) -> Reason:
        """The strongest reason, for the audit log."""
        return min(self.reasons, key=list(Reason).index)

    def _effective(self, action: Action) -> frozenset[Reason]:
        if self.team_without_consent and action is not Action.DISCUSS:
            return self.reasons - {Reason.TEAM_REFERRAL}
        return self.reasons

    def allows(self, action: Action) -> bool:
        return bool(self._effective(action) & ALLOWED[action])

    @property
    def anonymous(self) -> bool:
        """Discusses without knowing who: no name, number, birth date, address or school."""
        return self.allows(Action.DISCUSS) and not self.allows(Action.READ)

    def explanations(self) -> list[StrOrPromise]:
        return [REASON_EXPLANATIONS[r] for r in Reason if r in self.reasons]


_active = seats.active


def member_unit_ids(actor: Actor) -> frozenset[int]:
    """The units the actor works in."""
    return seats.unit_ids(actor)


served_municipality_ids = seats.served_municipality_ids


# The reasons, in SQL: one statement decides for lists and for the single case, so
# they can never disagree. Written by hand because Django took longer to build and
# compile the equivalent ORM query (4–6 ms) than PostgreSQL took to run it.
# Parameters are named: psycopg sends each name once, however often it appears
# (the single case's statement names 13 values 30 times, three of them lists), and
# `_bind` turns them into positional ones for the ORM's RawSQL. The
# f-strings below join module constants only, never input (hence the noqa: S608).
_CONSENT_IN_FORCE = """
    k.complete AND k.decision = %(given)s AND k.withdrawn_at IS NULL
    AND k.valid_from <= %(day)s AND k.valid_to >= %(day)s"""

_IN_TENANCY = "c.municipality_id = ANY(%(served)s::bigint[])"

# The actor's seats on active teams with an open referral of case c, for a unit
# they still work in (tm: the seat, r: the referral).
_TEAM_SEAT = """
    SELECT 1 FROM teams_teammembership tm
    JOIN teams_team t ON t.id = tm.team_id
    JOIN teams_referral r ON r.team_id = t.id
    WHERE tm.user_id = %(actor)s AND tm.unit_id = ANY(%(units)s::bigint[]) AND t.active
      AND r.case_id = c.id AND r.status = ANY(%(open_referrals)s::varchar[])"""

_REASONS = {
    "via_holder": "c.holder_id = %(actor)s",
    "via_leader": "c.holder_unit_id = ANY(%(led)s::bigint[])",
    # A unit taking part, covered (by name or by kind) by a consent in force for
    # collaboration about the child, for any case or this one.
    "via_consent": f"""{_IN_TENANCY} AND EXISTS (
        SELECT 1 FROM cases_caseunit cu JOIN organisation_unit u ON u.id = cu.unit_id
        WHERE cu.case_id = c.id AND cu.unit_id = ANY(%(units)s::bigint[])
          AND EXISTS (
            SELECT 1 FROM consent_consent k
            WHERE {_CONSENT_IN_FORCE}
              AND k.child_id = c.child_id AND k.purpose = %(collaboration)s
              AND (k.case_id IS NULL OR k.case_id = c.id)
              AND (k.unit_kinds @> ARRAY[u.kind]::varchar[] OR EXISTS (
                SELECT 1 FROM consent_consent_units ku
                WHERE ku.consent_id = k.id AND ku.unit_id = cu.unit_id))))""",  # noqa: S608
    "via_emergency": f"""{_IN_TENANCY} AND EXISTS (
        SELECT 1 FROM access_emergencyaccess e
        WHERE e.actor_id = %(actor)s AND e.child_id = c.child_id
          AND e.granted_at <= %(moment)s AND e.expires_at > %(moment)s)""",  # noqa: S608
    "via_handover": """EXISTS (
        SELECT 1 FROM cases_handover h
        WHERE h.case_id = c.id AND h.status = %(offered)s AND h.to_user_id = %(actor)s
          AND h.to_unit_id = ANY(%(units)s::bigint[]))""",
    # Most employees sit on no team: the constant false spares the subqueries.
    "via_team": f"%(on_team)s AND {_IN_TENANCY} AND EXISTS ({_TEAM_SEAT})",
    # ... referred with consent (not anonymously), and a consent in force for team
    # discussion covers the unit the member sits for.
    "via_team_consent": f"""%(on_team)s AND {_IN_TENANCY} AND EXISTS ({_TEAM_SEAT}
          AND NOT r.anonymous AND EXISTS (
            SELECT 1 FROM consent_consent k
            WHERE {_CONSENT_IN_FORCE}
              AND k.child_id = c.child_id AND k.purpose = %(team_discussion)s
              AND (k.case_id IS NULL OR k.case_id = c.id)
              AND (k.unit_kinds @> ARRAY[(SELECT tu.kind FROM organisation_unit tu
                                          WHERE tu.id = tm.unit_id)]::varchar[]
                   OR EXISTS (SELECT 1 FROM consent_consent_units ku
                              WHERE ku.consent_id = k.id AND ku.unit_id = tm.unit_id))))""",  # noqa: S608
}

# Every case a reason could hold for, each part found by an index, so a list starts
# from the actor's few cases instead of testing the reasons on every case in the
# country: their own and their led units' cases, cases their units take part in,
# cases of children they have emergency access to, cases referred to their teams.
# A superset: the reasons (the consent among them) still decide.
_CANDIDATES = """
    SELECT id FROM cases_case
    WHERE holder_id = %(actor)s OR holder_unit_id = ANY(%(led)s::bigint[])
    UNION ALL
    SELECT cu.case_id FROM cases_caseunit cu WHERE cu.unit_id = ANY(%(units)s::bigint[])
    UNION ALL
    SELECT id FROM cases_case WHERE child_id IN (
        SELECT child_id FROM access_emergencyaccess
        WHERE actor_id = %(actor)s AND expires_at > %(moment)s)
    UNION ALL
    SELECT r.case_id FROM teams_referral r
    JOIN teams_teammembership tm ON tm.team_id = r.team_id
    WHERE tm.user_id = %(actor)s AND r.case_id IS NOT NULL"""

# Reasons that open the case for reading (and so put it in lists).
_VISIBLE_REASONS = ("via_holder", "via_leader", "via_consent", "via_emergency", "via_team_consent")

# A reading reason holds for the case in row c.
_READABLE = " OR ".join(f"({_REASONS[name]})" for name in _VISIBLE_REASONS)

_VISIBLE = f"""
    FROM cases_case c
    WHERE c.id IN ({_CANDIDATES})
      AND ({_READABLE})"""

_VISIBLE_SQL = f"SELECT c.id {_VISIBLE}"

# Children enrolled in one of the actor's units on the day, or of a visible case.
# Children enrolled on the day in one of the actor's units.
_ENROLLED = """
    SELECT en.child_id FROM people_enrolment en
    WHERE en.unit_id = ANY(%(units)s::bigint[]) AND en.starts_on <= %(on)s
      AND (en.ends_on IS NULL OR en.ends_on >= %(on)s)"""

_VISIBLE_CHILDREN_SQL = f"""{_ENROLLED}
    UNION
    SELECT c.child_id {_VISIBLE}"""

# Every reason as a column, in _REASONS's order (read back with _access_from).
_REASON_COLUMNS = ", ".join(f"({sql}) AS {name}" for name, sql in _REASONS.items())

_CASE_REASONS_SQL = f"""
    SELECT {_REASON_COLUMNS}
    FROM cases_case c WHERE c.id = %(case)s"""  # noqa: S608

_NAMED = re.compile(r"%\((\w+)\)s")


def _bind(sql: str, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """Named parameters to positional ones (Django's RawSQL takes a list)."""
    params: list[Any] = []

    def positional(match: re.Match[str]) -> str:
        params.append(values[match.group(1)])
        return "%s"

    return _NAMED.sub(positional, sql), params


def _parameters(actor: Actor, moment: datetime.datetime) -> dict[str, Any]:
    return {
        "actor": actor.pk or 0,
        "units": sorted(member_unit_ids(actor)),
        "led": sorted(seats.led_unit_ids(actor)),
        "served": sorted(served_municipality_ids(actor)),
        "on_team": seats.on_a_team(actor),
        "moment": moment,
        "day": timezone.localdate(moment),
        "given": Decision.GIVEN.value,
        "collaboration": Purpose.COLLABORATION.value,
        "team_discussion": Purpose.TEAM_DISCUSSION.value,
        "offered": HandoverStatus.OFFERED.value,
        "open_referrals": [str(status) for status in OPEN_REFERRAL_STATUSES],
    }


def visible_cases(actor: Actor, *, now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Every case the actor may open, for lists and search."""
    if not _active(actor):
        return Case.objects.none()
    sql, params = _bind(_VISIBLE_SQL, _parameters(actor, now or timezone.now()))
    return Case.objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611


def _access_from(holds: dict[str, bool]) -> CaseAccess | None:
    reasons = frozenset(
        reason
        for reason, name in (
            (Reason.BATON_HOLDER, "via_holder"),
            (Reason.HOLDER_UNIT_LEADER, "via_leader"),
            (Reason.CONSENTED_UNIT, "via_consent"),
            (Reason.EMERGENCY, "via_emergency"),
            (Reason.HANDOVER_OFFERED, "via_handover"),
            (Reason.TEAM_REFERRAL, "via_team"),
        )
        if holds[name]
    )
    without_consent = Reason.TEAM_REFERRAL in reasons and not holds["via_team_consent"]
    return CaseAccess(reasons, team_without_consent=without_consent) if reasons else None


@dataclass(frozen=True)
class CasesSQL:
    """visible_cases as SQL texts with named parameters (%(name)s, in `params`), for
    a statement built around them: the same texts for every actor, so the statement
    is prepared once per connection. A case is visible exactly when its id is among
    the candidates and `readable` holds for its row."""

    candidates: str  # one column, id: every case a reason could hold for (a superset)
    readable: str  # a condition on a row of cases_case named c
    params: dict[str, Any]


def visible_cases_sql(actor: Actor, *, now: datetime.datetime | None = None) -> CasesSQL | None:
    """For a statement that reads cases in its own order and asks about each as it
    goes ("Mine saker" shows the first fifty by name of a thousand some may see):
    the reasons are tested on the rows it reads, not on every candidate first.
    None when the actor sees no case."""
    if not _active(actor):
        return None
    return CasesSQL(_CANDIDATES, _READABLE, _parameters(actor, now or timezone.now()))


def case_access(
    actor: Actor, case: Case, *, now: datetime.datetime | None = None
) -> CaseAccess | None:
    """Why the actor may see this case, or None."""
    if not _active(actor):
        return None
    values = _parameters(actor, now or timezone.now()) | {"case": case.pk}
    with connection.cursor() as cursor:
        cursor.execute(_CASE_REASONS_SQL, values)
        row = cursor.fetchone()
    if row is None:
        return None
    return _access_from(dict(zip(_REASONS, row, strict=True)))


def can(actor: Actor, action: Action, case: Case, *, now: datetime.datetime | None = None) -> bool:
    access = case_access(actor, case, now=now)
    return access is not None and access.allows(action)


# The case with what its pages show of it (as select_related would fetch), and the
# reasons, in one statement: get_case_for runs on every case page, and Django took
# longer to compile the select_related query than PostgreSQL took to answer it.
_CASE_JOINS: tuple[tuple[str | None, type[Model], str], ...] = (
    (None, Case, "c"),
    ("child", Child, "case_child"),
    ("municipality", Municipality, "case_place"),
    ("holder", User, "case_holder"),
    ("holder_unit", Unit, "case_unit"),
)
_CASE_FIELDS = {
    alias: [field.attname for field in model._meta.concrete_fields]
    for _, model, alias in _CASE_JOINS
}
_CASE_COLUMNS = ", ".join(
    f'{alias}."{name}"' for _, _, alias in _CASE_JOINS for name in _CASE_FIELDS[alias]
)
_CASE_WITH_REASONS_SQL = f"""
    SELECT {_CASE_COLUMNS}, {_REASON_COLUMNS}
    FROM cases_case c
    JOIN people_child case_child ON case_child.id = c.child_id
    JOIN organisation_municipality case_place ON case_place.id = c.municipality_id
    JOIN accounts_user case_holder ON case_holder.id = c.holder_id
    JOIN organisation_unit case_unit ON case_unit.id = c.holder_unit_id
    WHERE c.id = %(case)s"""  # noqa: S608


# The audit event of opening a case travels in the statement that reads it (a
# data-modifying CTE): one round trip and one transaction less on every case
# page. Which event is decided in Python, for each action and each of the 2**7
# combinations of reasons a row can hold, by the same CaseAccess that get_case_for
# asks; the statement sums the reasons that hold into the combination's number
# and picks its event. A case that does not exist writes nothing.
def _event_of(action: Action, holds: dict[str, bool]) -> tuple[str, str, str]:
    """(action recorded, reason, changes as JSON) when `holds` are the reasons."""
    access = _access_from(holds)
    if access is not None and access.allows(action):
        return str(action), str(access.reason), "{}"
    return "case.denied", "", json.dumps({"attempted": str(action)})


def _combination(number: int) -> dict[str, bool]:
    return {name: bool(number >> bit & 1) for bit, name in enumerate(_REASONS)}


def _sql_array(values: list[str], cast: str) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"(ARRAY[{quoted}]::{cast}[])"


def _recorded_case_sql(action: Action | None) -> str:
    """The case, its reasons and, unless `action` is None, the event of opening
    it for `action`; the same row either way."""
    if action is None:
        return compact(_CASE_WITH_REASONS_SQL)
    columns = [f"v{i}" for i in range(_CASE_COLUMN_COUNT)] + list(_REASONS)
    events = [_event_of(action, _combination(n)) for n in range(2 ** len(_REASONS))]
    distinct = sorted(set(events))
    chosen = ",".join(str(distinct.index(event) + 1) for event in events)
    combination = " + ".join(
        f"(CASE WHEN {name} THEN {1 << bit} ELSE 0 END)" for bit, name in enumerate(_REASONS)
    )
    insert = INSERT_EVENT.format(
        action=_sql_array([event[0] for event in distinct], "text") + "[e]",
        object_type="'" + Case._meta.label_lower + "'",
        object_id=f"v{_CASE_ID}::text",
        child_id=f"v{_CASE_CHILD}",
        municipality_id=f"v{_CASE_PLACE}",
        reason=_sql_array([event[1] for event in distinct], "text") + "[e]",
        changes=_sql_array([event[2] for event in distinct], "jsonb") + "[e]",
    )
    return compact(f"""
        WITH found ({", ".join(columns)}) AS ({_CASE_WITH_REASONS_SQL}),
        event AS ({insert} FROM (
            SELECT found.*, ('{{{chosen}}}'::smallint[])[
                1 + CASE WHEN %(active)s THEN {combination} ELSE 0 END] AS e
            FROM found) AS decided)
        SELECT * FROM found""")  # noqa: S608


_CASE_COLUMN_COUNT = sum(len(fields) for fields in _CASE_FIELDS.values())
_CASE_ID, _CASE_CHILD, _CASE_PLACE = (
    _CASE_FIELDS["c"].index(name) for name in ("id", "child_id", "municipality_id")
)
# One text per action, built once; `None`: without the event (benchmarks/audit_overhead.py
# puts it in place to measure what the event adds).
_CASE_SQL: dict[Action | None, str] = {
    action: _recorded_case_sql(action) for action in (*Action, None)
}


def _case_with_reasons(
    actor: Actor, case_id: int, action: Action, now: datetime.datetime | None
) -> tuple[Case, CaseAccess | None] | None:
    active = _active(actor)
    values = (
        _parameters(actor, now or timezone.now())
        | event_parameters(actor)
        | {"case": case_id, "active": active}
    )
    with connection.cursor() as cursor:
        cursor.execute(_CASE_SQL[action], values)
        row = cursor.fetchone()
    if row is None:
        return None
    start, objects = 0, {}
    for relation, model, alias in _CASE_JOINS:
        fields = _CASE_FIELDS[alias]
        columns = row[start : start + len(fields)]
        objects[relation] = model.from_db(connection.alias, fields, columns)
        start += len(fields)
    case = objects.pop(None)
    assert isinstance(case, Case)  # noqa: S101 - the first of _CASE_JOINS
    for relation, related in objects.items():
        setattr(case, str(relation), related)
    if not active:
        return case, None
    return case, _access_from(dict(zip(_REASONS, row[start:], strict=True)))


def get_case_for(
    actor: Actor,
    case_id: int,
    action: Action = Action.READ,
    *,
    now: datetime.datetime | None = None,
) -> tuple[Case, CaseAccess]:
    """Fetch and authorise, and write the audit event either way, in the same
    statement: an allowed opening with its reason, a refused attempt as
    `case.denied` (the family sees attempts too). Raises NotFound when it does
    not exist or is refused."""
    found = _case_with_reasons(actor, case_id, action, now)
    if found is None:
        raise NotFound(Case)
    case, access = found
    if access is None or not access.allows(action):
        raise NotFound(Case)
    return case, access


def visible_children(actor: Actor, *, on: datetime.date | None = None) -> QuerySet[Child]:
    """Children whose basic identity (name, birth date, unit) the actor may see:
    enrolled now in one of the actor's units, or the child of a case the actor
    may open. Nothing of any case comes with it."""
    if not _active(actor):
        return Child.objects.none()
    moment = timezone.now()
    values = _parameters(actor, moment) | {"on": on or timezone.localdate(moment)}
    # One list of candidate ids (enrolled, or with a visible case) lets the database
    # start from the actor's few children, not test every child in the country.
    return Child.objects.filter(pk__in=RawSQL(*_bind(_VISIBLE_CHILDREN_SQL, values)))  # noqa: S611


# For a search around visible_children: its SQL, and a superset of it that is
# cheap to list because no reason is tested (enrolled now in one of the actor's
# units, as in visible_children, or the child of a case a reason could hold for).
# A search narrows the superset by name, then asks the policy about each child
# left, instead of testing the reasons on every case of the actor's units
# (thousands, for some).
_CANDIDATE_CHILDREN_SQL = f"""{_ENROLLED}
    UNION ALL
    SELECT c.child_id FROM cases_case c WHERE c.id IN ({_CANDIDATES})"""  # noqa: S608


@dataclass(frozen=True)
class ChildrenSQL:
    """SQL texts with named parameters (%(name)s, in `params`): the same text for
    every actor, so a prepared statement built around them is planned once."""

    visible: str  # one column, child_id: exactly visible_children
    candidates: str  # one column, child_id: every visible child, and others
    params: dict[str, Any]


_VISIBLE_CHILDREN_TEXT = compact(_VISIBLE_CHILDREN_SQL)
_CANDIDATE_CHILDREN_TEXT = compact(_CANDIDATE_CHILDREN_SQL)


def visible_children_sql(actor: Actor, *, on: datetime.date | None = None) -> ChildrenSQL | None:
    """visible_children as SQL, for a statement built around it (the search): no
    queryset to compile. None when the actor sees no child."""
    if not _active(actor):
        return None
    moment = timezone.now()
    values = _parameters(actor, moment) | {"on": on or timezone.localdate(moment)}
    return ChildrenSQL(_VISIBLE_CHILDREN_TEXT, _CANDIDATE_CHILDREN_TEXT, values)


def get_child_basic_for(actor: Actor, child_id: int) -> Child:
    child = visible_children(actor).select_related("municipality").filter(pk=child_id).first()
    if child is None:
        raise NotFound(Child)
    return child


def can_register_consent(actor: Actor, child: Child) -> bool:
    """Consent is registered (and withdrawn) by an employee who may see the child:
    the baton holder, or someone in a unit where the child is enrolled."""
    return visible_children(actor).filter(pk=child.pk).exists()


def can_view_access_log(actor: Actor, child: Child) -> bool:
    """A child's access log: the baton holder of one of the child's cases, a leader
    of the holder's unit, or an administrator of the child's municipality."""
    if not _active(actor):
        return False
    if child.municipality_id in administered_municipality_ids(actor):
        return True
    return (
        Case.objects.filter(child=child)
        .filter(Q(holder_id=actor.pk) | Q(holder_unit_id__in=seats.led_unit_ids(actor)))
        .exists()
    )


def get_emergency_access_for(actor: Actor, grant_id: int) -> EmergencyAccess:
    """An emergency access is seen by the employee who broke the glass and by the
    leaders of the unit it was used in (they were told); nobody else."""
    if not _active(actor):
        raise NotFound(EmergencyAccess)
    grant = (
        EmergencyAccess.objects.select_related("actor", "unit", "child", "municipality")
        .filter(pk=grant_id)
        .first()
    )
    led_units = seats.led_unit_ids(actor)
    if grant is None or (grant.actor_id != actor.pk and grant.unit_id not in led_units):
        raise NotFound(EmergencyAccess)
    return grant
