"""What "Mine saker" lists: the employee's relay logs, measures to evaluate, batons
offered to them and decisions asked of them as leader.

All the lists come from one plain statement returning lines, not model
instances: the page shows a few fields of each, and building and compiling ORM
queries with three models per row cost more than PostgreSQL took to answer. The
lists start from the cases the policy says the employee may see (its own SQL,
policy.visible_cases_sql), so a case they may not open never shows up, not
even as a measure or a reminder.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.accounts.sql import display_name
from rodtrad.audit.log import event_parameters, list_event_sql
from rodtrad.audit.models import LISTED_CHILDREN
from rodtrad.cases.actions import reminder_days
from rodtrad.cases.models import OPEN_MEASURE_STATUSES, HandoverStatus, Status
from rodtrad.core.sql import compact


@dataclass(frozen=True)
class CaseLine:
    """An open relay log as the lists show it."""

    pk: int
    child_name: str
    level: int
    holder_id: int | None
    holder: str
    unit: str
    opened_at: datetime.datetime
    review_requested_at: datetime.datetime | None
    child_id: int


@dataclass(frozen=True)
class MeasureLine:
    pk: int
    case_id: int
    child_name: str
    goal: str
    evaluate_on: datetime.date
    child_id: int


@dataclass(frozen=True)
class HandoverLine:
    pk: int
    case_id: int
    child_name: str
    from_user: str
    from_unit: str
    child_id: int


@dataclass(frozen=True)
class Lists:
    """Everything "Mine saker" lists, read together (lists())."""

    held: list[CaseLine]
    others: list[CaseLine]
    overdue: list[MeasureLine]
    due: list[MeasureLine]
    handovers: list[HandoverLine]
    awaiting_decision: list[CaseLine]


def _user_name(column: str) -> str:
    """The name of the employee whose id is in `column`, read by key (not joined:
    the plan made once per connection hashed every row of the table to join)."""
    return f"COALESCE((SELECT {display_name('u')} FROM accounts_user u WHERE u.id = {column}), '')"  # noqa: S608


def _unit_name(column: str) -> str:
    """The name of the unit whose id is in `column`, read by key."""
    return f"COALESCE((SELECT un.name FROM organisation_unit un WHERE un.id = {column}), '')"  # noqa: S608


def _list_columns(child: str) -> str:
    """The columns of a relay log's line, the child's names from `child`."""
    return f"""c.id, {child}.given_name || ' ' || {child}.family_name, c.level, c.holder_id,
       {_user_name("c.holder_id")}, {_unit_name("c.holder_unit_id")},
       c.opened_at, c.leader_review_requested_at, NULL::text, NULL::date, c.child_id"""


_BY_NAME = "ORDER BY ch.family_name, ch.given_name, c.id"
# Every list of the page in one statement, around the policy's SQL: its
# candidates (a superset of the visible cases) and its condition on a case row.
# The cases the actor holds or has measures in ("near") are asked about once, in a
# CTE; the others in name order, each as it comes, until fifty are found (OFFSET 0
# keeps the condition out of the sorted subquery, where it would be tested on
# every candidate first: a thousand, for a big unit's employee). Each branch gives
# the same columns: (list, position, id, case id, child, level, holder id, holder
# or offered by, unit, opened, review requested, goal, evaluate on, child id);
# what a list does not use is NULL.
_LISTS = f"""
WITH near AS MATERIALIZED (
    SELECT c.id FROM cases_case c
    WHERE c.id IN (SELECT id FROM cases_case WHERE holder_id = %(mine_actor)s
                   UNION ALL
                   SELECT case_id FROM cases_measure WHERE responsible_id = %(mine_actor)s)
      AND c.status = %(mine_open)s AND (__READABLE__))
SELECT 'held', row_number() OVER ({_BY_NAME}), c.id, {_list_columns("ch")}
FROM cases_case c JOIN people_child ch ON ch.id = c.child_id
WHERE c.holder_id = %(mine_actor)s AND c.id IN (SELECT id FROM near)
UNION ALL
(SELECT 'others', row_number() OVER (ORDER BY c.family_name, c.given_name, c.id), c.id,
        {_list_columns("c")}
 FROM (SELECT c.id, c.child_id, c.municipality_id, c.level, c.holder_id, c.holder_unit_id,
              c.opened_at, c.leader_review_requested_at, ch.given_name, ch.family_name
       FROM cases_case c JOIN people_child ch ON ch.id = c.child_id
       WHERE c.id IN (__CANDIDATES__) AND c.status = %(mine_open)s
         AND c.holder_id IS DISTINCT FROM %(mine_actor)s
       {_BY_NAME} OFFSET 0) c
 WHERE (__READABLE__)
 ORDER BY c.family_name, c.given_name, c.id LIMIT %(mine_others_limit)s)
UNION ALL
SELECT 'decision', row_number() OVER (ORDER BY c.leader_review_requested_at, c.id), c.id,
       {_list_columns("ch")}
FROM cases_case c JOIN people_child ch ON ch.id = c.child_id
WHERE c.holder_unit_id = ANY(%(mine_led)s::bigint[]) AND c.status = %(mine_open)s
  AND c.leader_review_requested_at IS NOT NULL
UNION ALL
SELECT 'measure', row_number() OVER (ORDER BY m.evaluate_on, m.id), m.id, m.case_id,
       ch.given_name || ' ' || ch.family_name, NULL, NULL, NULL, NULL, NULL, NULL,
       m.goal, m.evaluate_on, c.child_id
FROM cases_measure m JOIN cases_case c ON c.id = m.case_id
JOIN people_child ch ON ch.id = c.child_id
WHERE m.case_id IN (SELECT id FROM near)
  AND m.status = ANY(%(mine_measure_open)s::varchar[]) AND m.evaluate_on <= %(mine_horizon)s
  AND (m.responsible_id = %(mine_actor)s OR c.holder_id = %(mine_actor)s)
UNION ALL
SELECT 'handover', row_number() OVER (ORDER BY h.offered_at, h.id), h.id, h.case_id,
       ch.given_name || ' ' || ch.family_name, NULL, NULL,
       {_user_name("h.from_user_id")}, {_unit_name("h.from_unit_id")}, NULL, NULL, NULL, NULL,
       c.child_id
FROM cases_handover h JOIN cases_case c ON c.id = h.case_id
JOIN people_child ch ON ch.id = c.child_id
WHERE h.to_user_id = %(mine_actor)s AND h.status = %(mine_offered)s
  AND h.to_unit_id = ANY(%(mine_units)s::bigint[])
ORDER BY 1, 2
"""  # noqa: S608 - constants and the policy's own text only


# The same lines, and the page's audit event written by the same statement (one
# round trip and one transaction less on every Mine saker): one `case.listed`
# event naming the relay logs shown and their children (`changes.shown` and
# `changes.children`, as audit.log.record_list writes them), which each child's
# access log finds; not one per relay log, which would write fifty events a page.
# A page with no lines records nothing.
_SHOWN = f"""jsonb_build_object(
    'shown', (SELECT jsonb_agg(DISTINCT case_id ORDER BY case_id) FROM line),
    '{LISTED_CHILDREN}', (SELECT coalesce(jsonb_agg(DISTINCT child ORDER BY child), '[]')
                          FROM line WHERE child IS NOT NULL))"""  # noqa: S608 - constants only
_EVENT = list_event_sql("case.listed", "mine_saker", _SHOWN)
_RECORDED = f"""
WITH line (kind, n, pk, case_id, name, level, holder_id, who, unit, opened, asked, goal,
           due, child) AS (__LISTS__),
event AS ({_EVENT} WHERE EXISTS (SELECT 1 FROM line))
SELECT * FROM line ORDER BY 1, 2"""  # noqa: S608 - constants only


@functools.cache
def _statement(candidates: str, readable: str, *, recorded: bool) -> str:
    """The statement around the policy's texts, compacted once per process (its
    only quoted texts are list names, a single space and the event's constants)."""
    lines = _LISTS.replace("__CANDIDATES__", candidates).replace("__READABLE__", readable)
    return compact(_RECORDED.replace("__LISTS__", lines) if recorded else lines)


def lists(
    actor: User, today: datetime.date, *, others_limit: int = 50, record: bool = False
) -> Lists:
    """Every list of "Mine saker", in one statement around the policy's visible
    open cases: the relay logs held (all) and taken part in (at most
    `others_limit`), measures to evaluate (overdue, and due within the reminder
    days), batons offered and decisions asked of the actor as leader. With
    `record`, the page shows them: the statement writes its audit event too."""
    found = Lists([], [], [], [], [], [])
    visible = policy.visible_cases_sql(actor)
    if visible is None:
        return found
    values = visible.params | {
        "mine_actor": actor.pk,
        "mine_others_limit": others_limit,
        "mine_led": sorted(policy.led_unit_ids(actor)),
        "mine_units": sorted(policy.member_unit_ids(actor)),
        "mine_open": Status.OPEN.value,
        "mine_offered": HandoverStatus.OFFERED.value,
        "mine_measure_open": [str(status) for status in OPEN_MEASURE_STATUSES],
        "mine_horizon": today + datetime.timedelta(days=reminder_days()),
    }
    if record:
        values |= event_parameters(actor)
    with connection.cursor() as cursor:
        cursor.execute(_statement(visible.candidates, visible.readable, recorded=record), values)
        rows = cursor.fetchall()
    case_lines = {"held": found.held, "others": found.others, "decision": found.awaiting_decision}
    for row in rows:
        kind, _, pk, case_id, name, level, holder_id, who, unit, opened, asked, goal, due, child = (
            row
        )
        if kind == "measure":
            measure = MeasureLine(pk, case_id, name, goal, due, child)
            (found.overdue if due < today else found.due).append(measure)
        elif kind == "handover":
            found.handovers.append(HandoverLine(pk, case_id, name, who, unit, child))
        else:
            case = CaseLine(pk, name, level, holder_id, who, unit, opened, asked, child)
            case_lines[kind].append(case)
    return found


def measures_due(actor: User, today: datetime.date | None = None) -> list[MeasureLine]:
    """Measures due for evaluation within the reminder days (for one list alone)."""
    return lists(actor, today or timezone.localdate()).due
