"""Reading relay logs: each function is a fixed number of queries, whatever the rows.

Lists go through policy.visible_cases, so a case the actor may not open never
shows up, not even as a measure or a reminder.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from rodtrad.accounts.sql import display_name
from rodtrad.cases.models import (
    OPEN_MEASURE_STATUSES,
    Case,
    Entry,
    EntryKind,
    Evaluation,
    Handover,
    HandoverStatus,
    Measure,
)
from rodtrad.core.sql import compact

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


@dataclass(frozen=True)
class Overview:
    """The counts a case page shows at the top: worries and bright spots side by side."""

    concerns: int
    bright_spots: int


# -- the case page and the timeline page, in raw SQL -------------------------------------
# These two pages are the most used after Mine saker. An ORM query costs 1-2 ms of
# CPU to build and to turn into objects; a raw query with the names looked up in
# scalar subqueries (cheap for PostgreSQL to plan, evaluated for the page's rows
# only) costs a tenth of that. The rows are plain values for the templates.
# The f-strings join constants of this module only, never input (hence noqa: S608).


def _user_name(column: str) -> str:
    """User.__str__ in SQL: the full name, else the username."""
    return f"(SELECT {display_name('u')} FROM accounts_user u WHERE u.id = {column})"  # noqa: S608


def _unit_name(column: str) -> str:
    return f"(SELECT n.name FROM organisation_unit n WHERE n.id = {column})"  # noqa: S608


def _day(column: str) -> str:
    """A date as the pages show it (the template filter date:"d.m.Y")."""
    return f"to_char({column}, 'DD.MM.YYYY')"


class TimelineRow(NamedTuple):
    """One entry with what its card shows: names instead of ids, and the measure,
    evaluation or handover it points to (dicts, None when it points to none)."""

    pk: int
    kind: str
    author_id: int
    occurred_on: datetime.date | None
    text: str
    categories: list[str]
    conversation_with: str
    child_words: str
    guardians_view: str
    leader_decision: str
    level_from: int | None
    level_to: int | None
    handover_status: str
    author: str
    author_unit: str | None
    decided_by: str | None
    unit: str | None
    # goal, responsible, unit, evaluate_on (d.m.Y)
    measure: dict[str, Any] | None
    # has_measure, goal, participants, child_view, guardians_view, notes, result, decision
    evaluation: dict[str, Any] | None
    # to_user, to_unit, message
    handover: dict[str, Any] | None


# The columns of a TimelineRow, by name.
_TIMELINE_FIELDS = {
    "pk": "e.id",
    "kind": "e.kind",
    "author_id": "e.author_id",
    "occurred_on": "e.occurred_on",
    "text": "e.text",
    "categories": "e.categories",
    "conversation_with": "e.conversation_with",
    "child_words": "e.child_words",
    "guardians_view": "e.guardians_view",
    "leader_decision": "e.leader_decision",
    "level_from": "e.level_from",
    "level_to": "e.level_to",
    "handover_status": "e.handover_status",
    "author": _user_name("e.author_id"),
    "author_unit": _unit_name("e.author_unit_id"),
    "decided_by": _user_name("e.decided_by_id"),
    "unit": _unit_name("e.unit_id"),
    "measure": f"""(SELECT json_build_object(
        'goal', m.goal, 'responsible', {_user_name("m.responsible_id")},
        'unit', {_unit_name("m.responsible_unit_id")}, 'evaluate_on', {_day("m.evaluate_on")})
     FROM cases_measure m WHERE m.id = e.measure_id)""",  # noqa: S608
    "evaluation": """(SELECT json_build_object(
        'has_measure', v.measure_id IS NOT NULL,
        'goal', (SELECT g.goal FROM cases_measure g WHERE g.id = v.measure_id),
        'participants', v.participants, 'child_view', v.child_view,
        'guardians_view', v.guardians_view, 'notes', v.notes,
        'result', v.result, 'decision', v.decision)
     FROM cases_evaluation v WHERE v.id = e.evaluation_id)""",
    "handover": f"""(SELECT json_build_object(
        'to_user', {_user_name("h.to_user_id")}, 'to_unit', {_unit_name("h.to_unit_id")},
        'message', h.message)
     FROM cases_handover h WHERE h.id = e.handover_id)""",  # noqa: S608
}
_TIMELINE_COLUMNS = "\nSELECT " + ",\n    ".join(
    _TIMELINE_FIELDS[name] for name in TimelineRow._fields
)
# The same as one JSON object, for a few entries inside another query.
_TIMELINE_OBJECT = (
    "json_build_object("
    + ", ".join(f"'{name}', {_TIMELINE_FIELDS[name]}" for name in TimelineRow._fields)
    + ")"
)
_OF_KINDS = " AND kind = ANY(%s)"
# A page and the count of them all in one query: the count once (the CTE), the
# offset of a page beyond the last that of the last, as Paginator.get_page does.
# The page's ids first, from the index on (case, created_at, id), and the names
# and records looked up for those twenty rows only.
_TIMELINE_PAGE_SQL = {
    kinds: compact(f"""
WITH total AS (SELECT count(*) AS n FROM cases_entry WHERE case_id = %s{kinds})
{_TIMELINE_COLUMNS}, (SELECT n FROM total)
FROM (
    SELECT id, created_at FROM cases_entry WHERE case_id = %s{kinds}
    ORDER BY created_at DESC, id DESC
    LIMIT %s OFFSET LEAST(%s, GREATEST(0, ((SELECT n FROM total) - 1) / %s * %s))
) page
JOIN cases_entry e ON e.id = page.id
ORDER BY page.created_at DESC, page.id DESC
""")  # noqa: S608
    for kinds in ("", _OF_KINDS)
}


@dataclass(frozen=True)
class TimelinePage:
    """A page of the timeline, newest first, numbered from 1 (Django's Page, flat).
    `count` is the number of entries on every page together."""

    rows: list[TimelineRow]
    number: int
    size: int
    count: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.count else 0

    @property
    def end_index(self) -> int:
        return self.count if self.number == self.num_pages else self.number * self.size


# Beyond any timeline (and within the OFFSET PostgreSQL takes): the last page.
_LAST = 2**31


def timeline_page(
    case_id: int, kinds: Sequence[str], number: str | None, size: int
) -> TimelinePage:
    """The page `number` (as typed in the address) of the entries of these kinds,
    newest first, in one query. As Paginator.get_page: a page that is not a
    number is the first, one below 1 or beyond the last is the last."""
    try:
        wanted = int(number)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        wanted = 1
    if not 1 <= wanted <= _LAST:
        wanted = _LAST
    filters: list[Any] = [case_id, list(kinds)] if kinds else [case_id]
    with connection.cursor() as cursor:
        cursor.execute(
            _TIMELINE_PAGE_SQL[_OF_KINDS if kinds else ""],
            [*filters, *filters, size, (wanted - 1) * size, size, size],
        )
        found = cursor.fetchall()
    count = int(found[0][-1]) if found else 0
    page = TimelinePage([TimelineRow._make(row[:-1]) for row in found], wanted, size, count)
    return dataclasses.replace(page, number=min(wanted, page.num_pages))


@dataclass(frozen=True)
class Panels:
    """What the case page shows beside the timeline, as plain values.

    units: unit_id, name (by name). measures: pk, goal, intervention, responsible,
    unit, starts_on and evaluate_on (d.m.Y), status, is_open, overdue (by
    evaluation date). evaluations: pk, held_on (d.m.Y), has_measure, goal,
    result, decision (by date). open_handover: pk, to_user, to_unit, offered_on
    (d.m.Y in the current time zone), or None. latest: the newest entries."""

    overview: Overview
    units: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    evaluations: list[dict[str, Any]]
    open_handover: dict[str, Any] | None
    latest: list[TimelineRow]


_PANELS_SQL = compact(f"""
SELECT counts.concerns, counts.bright_spots,
    (SELECT json_agg(json_build_object('unit_id', n.id, 'name', n.name) ORDER BY n.name, cu.id)
     FROM cases_caseunit cu JOIN organisation_unit n ON n.id = cu.unit_id
     WHERE cu.case_id = %(case)s),
    (SELECT json_agg(json_build_object(
        'pk', m.id, 'goal', m.goal, 'intervention', m.intervention,
        'responsible', {_user_name("m.responsible_id")},
        'unit', {_unit_name("m.responsible_unit_id")},
        'starts_on', {_day("m.starts_on")}, 'evaluate_on', {_day("m.evaluate_on")},
        'status', m.status, 'is_open', m.status = ANY(%(open)s),
        'overdue', m.status = ANY(%(open)s) AND m.evaluate_on < %(today)s
     ) ORDER BY m.evaluate_on, m.id)
     FROM cases_measure m WHERE m.case_id = %(case)s),
    (SELECT json_agg(json_build_object(
        'pk', v.id, 'held_on', {_day("v.held_on")}, 'has_measure', v.measure_id IS NOT NULL,
        'goal', (SELECT g.goal FROM cases_measure g WHERE g.id = v.measure_id),
        'result', v.result, 'decision', v.decision
     ) ORDER BY v.held_on, v.id)
     FROM cases_evaluation v WHERE v.case_id = %(case)s),
    (SELECT json_build_object(
        'pk', h.id, 'to_user', {_user_name("h.to_user_id")},
        'to_unit', {_unit_name("h.to_unit_id")},
        'offered_on', {_day("h.offered_at AT TIME ZONE %(tz)s")})
     FROM cases_handover h WHERE h.case_id = %(case)s AND h.status = %(offered)s
     ORDER BY h.offered_at DESC, h.id DESC LIMIT 1),
    (SELECT json_agg(latest.card ORDER BY latest.created_at DESC, latest.id DESC) FROM (
        SELECT e.created_at, e.id, {_TIMELINE_OBJECT} AS card
        FROM cases_entry e WHERE e.case_id = %(case)s
        ORDER BY e.created_at DESC, e.id DESC LIMIT %(latest)s) latest)
FROM (
    SELECT count(*) FILTER (WHERE kind = ANY(%(worries)s)) AS concerns,
        count(*) FILTER (WHERE kind = %(bright)s) AS bright_spots
    FROM cases_entry WHERE case_id = %(case)s
) counts
""")  # noqa: S608


def panels(case: Case, today: datetime.date, *, latest: int = 5) -> Panels:
    """Counts, units, action plan, evaluations, the open offer of the baton and the
    `latest` entries, newest first (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _PANELS_SQL,
            {
                "case": case.pk,
                "today": today,
                "tz": timezone.get_current_timezone_name(),
                "open": list(OPEN_MEASURE_STATUSES),
                "offered": HandoverStatus.OFFERED.value,
                "worries": [EntryKind.CONCERN.value, EntryKind.OBSERVATION.value],
                "bright": EntryKind.BRIGHT_SPOT.value,
                "latest": latest,
            },
        )
        concerns, bright_spots, units, measures, evaluations, handover, entries = cursor.fetchone()
    return Panels(
        overview=Overview(concerns=concerns, bright_spots=bright_spots),
        units=units or [],
        measures=measures or [],
        evaluations=evaluations or [],
        open_handover=handover,
        latest=[_from_json(entry) for entry in entries or []],
    )


def _from_json(entry: dict[str, Any]) -> TimelineRow:
    """A TimelineRow from _TIMELINE_OBJECT (JSON has no dates)."""
    day = entry["occurred_on"]
    entry["occurred_on"] = datetime.date.fromisoformat(day) if day else None
    return TimelineRow(**entry)
