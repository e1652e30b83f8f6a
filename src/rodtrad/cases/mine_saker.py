"""What "Mine saker" lists: the employee's relay logs, measures to evaluate, batons
offered to them and decisions asked of them as leader.

Each list is one plain query returning lines, not model instances: the page shows
a few fields of each, and building and compiling ORM queries with three models
per row cost more than PostgreSQL took to answer. Lists start from the ids the
policy says the employee may see (policy.visible_case_ids), so a case they may
not open never shows up, not even as a measure or a reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.accounts.sql import display_name
from rodtrad.cases.actions import reminder_days
from rodtrad.cases.models import OPEN_MEASURE_STATUSES, HandoverStatus, Level, Status


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


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

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


# The holder's name and unit by key for each line: the plan is made once per
# connection for any number of ids, and joins assumed ten lines and hashed every
# unit in the country for them.
_CASE_LINES = f"""
SELECT c.id, ch.given_name || ' ' || ch.family_name, c.level, c.holder_id,
       COALESCE((SELECT {display_name("u")} FROM accounts_user u WHERE u.id = c.holder_id), ''),
       COALESCE((SELECT un.name FROM organisation_unit un WHERE un.id = c.holder_unit_id), ''),
       c.opened_at, c.leader_review_requested_at
FROM cases_case c
JOIN people_child ch ON ch.id = c.child_id
"""  # noqa: S608 - constants only


def visible_open_case_ids(actor: User) -> list[int]:
    """The open cases the actor may see: asked once, for every list of the page."""
    return policy.visible_case_ids(actor, status=Status.OPEN)


def my_open_cases(
    actor: User, visible: Sequence[int], *, others_limit: int = 50
) -> tuple[list[CaseLine], list[CaseLine]]:
    """The open cases where the actor holds the baton (all visible), and at most
    `others_limit` of those they take part in (a unit's leader may see hundreds)."""
    ordered = " ORDER BY ch.family_name, ch.given_name, c.id"
    held = _rows(
        _CASE_LINES + " WHERE c.holder_id = %s AND c.id = ANY(%s)" + ordered,
        [actor.pk, list(visible)],
    )
    others = _rows(
        _CASE_LINES
        + " WHERE c.holder_id IS DISTINCT FROM %s AND c.id = ANY(%s)"
        + ordered
        + " LIMIT %s",
        [actor.pk, list(visible), others_limit],
    )
    return [CaseLine(*row) for row in held], [CaseLine(*row) for row in others]


def awaiting_my_decision(actor: User) -> list[CaseLine]:
    """Open cases in units the actor leads where the holder asked for the leader's decision."""
    led = sorted(policy.led_unit_ids(actor))
    if not led:
        return []
    return [
        CaseLine(*row)
        for row in _rows(
            _CASE_LINES + " WHERE c.holder_unit_id = ANY(%s) AND c.status = %s"
            " AND c.leader_review_requested_at IS NOT NULL"
            " ORDER BY c.leader_review_requested_at, c.id",
            [led, Status.OPEN.value],
        )
    ]


@dataclass(frozen=True)
class MeasureLine:
    pk: int
    case_id: int
    child_name: str
    goal: str
    evaluate_on: datetime.date


_MEASURES = """
SELECT m.id, m.case_id, ch.given_name || ' ' || ch.family_name, m.goal, m.evaluate_on
FROM cases_measure m
JOIN cases_case c ON c.id = m.case_id
JOIN people_child ch ON ch.id = c.child_id
WHERE m.case_id = ANY(%(visible)s) AND c.status = %(open)s
  AND m.status = ANY(%(measure_open)s) AND m.evaluate_on <= %(horizon)s
  AND (m.responsible_id = %(actor)s OR c.holder_id = %(actor)s)
ORDER BY m.evaluate_on, m.id
"""


def my_measures_to_evaluate(
    actor: User, today: datetime.date, *, visible: Sequence[int]
) -> tuple[list[MeasureLine], list[MeasureLine]]:
    """Open measures the actor is responsible for, or in a case they hold, whose
    evaluation is overdue, and those due within the reminder days (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _MEASURES,
            {
                "visible": list(visible),
                "open": Status.OPEN.value,
                "measure_open": [str(status) for status in OPEN_MEASURE_STATUSES],
                "horizon": today + datetime.timedelta(days=reminder_days()),
                "actor": actor.pk,
            },
        )
        lines = [MeasureLine(*row) for row in cursor.fetchall()]
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


_HANDOVERS = f"""
SELECT h.id, h.case_id, ch.given_name || ' ' || ch.family_name,
       COALESCE({display_name("u")}, ''), COALESCE(un.name, '')
FROM cases_handover h
JOIN cases_case c ON c.id = h.case_id
JOIN people_child ch ON ch.id = c.child_id
LEFT JOIN accounts_user u ON u.id = h.from_user_id
LEFT JOIN organisation_unit un ON un.id = h.from_unit_id
WHERE h.to_user_id = %s AND h.status = %s AND h.to_unit_id = ANY(%s)
ORDER BY h.offered_at, h.id
"""  # noqa: S608 - constants only


def handovers_waiting(actor: User) -> list[HandoverLine]:
    """Batons offered to the actor, still in a unit of theirs, waiting for an answer."""
    units = sorted(policy.member_unit_ids(actor))
    if not units:
        return []
    return [
        HandoverLine(*row)
        for row in _rows(_HANDOVERS, [actor.pk, HandoverStatus.OFFERED.value, units])
    ]
