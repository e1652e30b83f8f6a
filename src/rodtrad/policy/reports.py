"""Who sees a report of concern to child welfare, and what of it (DESIGN.md §5, §8).

A report is seen through a reason:
- the reporter sent it (ReportReason.REPORTER);
- they lead the reporter's unit, which anchors the report and keeps the
  feedback when the reporter leaves (ReportReason.REPORTER_UNIT_LEADER);
- they work in the child welfare unit that received it
  (ReportReason.RECEIVING_UNIT).
Everyone else finds nothing: not the report, not that it exists.

The two sides see different things, and this module is where that is said:
- The reporter's side sees the report as sent and the feedback given, never
  child welfare's own follow-up (status, notes, case worker, deadlines).
- Child welfare sees the report, never the reporter's relay log through it:
  the link to the case is shown to child welfare only when the case policy
  gives it a reason of its own (the family's consent covering its unit, or
  emergency access) — `linked_case_visible`.

Who may report: an employee about a child they may see (`visible_children`:
enrolled in one of their units, or the child of a case they may open), from
one of their own units that is not itself child welfare. The report goes to
a child welfare unit that serves the child's municipality (intermunicipal
units included).
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from rodtrad.audit.log import INSERT_EVENT, event_parameters, record, record_each
from rodtrad.cases.models import Case
from rodtrad.core.sql import compact
from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.people.models import Child
from rodtrad.policy import seats
from rodtrad.policy.cases import (
    Action,
    can,
    case_access,
    member_unit_ids,
    visible_cases,
    visible_children,
)
from rodtrad.policy.registers import NotFound, administered_municipality_ids
from rodtrad.reports.models import ACCESS_EXPLANATIONS, ConcernReport, Consultation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from rodtrad.accounts.models import User

    Actor = User | AnonymousUser


class ReportReason(enum.StrEnum):
    RECEIVING_UNIT = "receiving_unit"
    REPORTER = "reporter"
    REPORTER_UNIT_LEADER = "reporter_unit_leader"


# The words live with the models, so the reports app's catalogue translates them.
REPORT_REASON_EXPLANATIONS: dict[ReportReason, StrOrPromise] = {
    ReportReason(reason): text for reason, text in ACCESS_EXPLANATIONS.items()
}


class ReportAction(enum.StrEnum):
    READ = "report.read"  # open the report (each side sees its own view of it)
    HANDLE = "report.handle"  # change its status, give feedback to the reporter
    PRINT = "report.print"  # a PDF for the reporter's own records


REPORT_ALLOWED: dict[ReportAction, frozenset[ReportReason]] = {
    ReportAction.READ: frozenset(ReportReason),
    ReportAction.HANDLE: frozenset({ReportReason.RECEIVING_UNIT}),
    ReportAction.PRINT: frozenset({ReportReason.REPORTER, ReportReason.REPORTER_UNIT_LEADER}),
}


@dataclass(frozen=True)
class ReportAccess:
    reasons: frozenset[ReportReason]

    @property
    def reason(self) -> ReportReason:
        """The strongest reason, for the audit log."""
        return min(self.reasons, key=list(ReportReason).index)

    @property
    def as_child_welfare(self) -> bool:
        """Child welfare's view (with status and deadlines), else the reporter's."""
        return ReportReason.RECEIVING_UNIT in self.reasons

    def allows(self, action: ReportAction) -> bool:
        return bool(self.reasons & REPORT_ALLOWED[action])

    def explanations(self) -> list[StrOrPromise]:
        return [REPORT_REASON_EXPLANATIONS[r] for r in ReportReason if r in self.reasons]


def _active(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active)


_led_unit_ids = seats.led_unit_ids
child_welfare_unit_ids = seats.child_welfare_unit_ids


def is_child_welfare(actor: Actor) -> bool:
    return bool(child_welfare_unit_ids(actor))


def _with_reasons(actor: Actor) -> QuerySet[ConcernReport]:
    return ConcernReport.objects.annotate(
        via_receiving=ExpressionWrapper(
            Q(receiving_unit_id__in=child_welfare_unit_ids(actor)), output_field=BooleanField()
        ),
        via_reporter=ExpressionWrapper(Q(reporter_id=actor.pk), output_field=BooleanField()),
        via_leader=ExpressionWrapper(
            Q(reporter_unit_id__in=_led_unit_ids(actor)), output_field=BooleanField()
        ),
    )


_REASON_ANNOTATIONS = (
    (ReportReason.RECEIVING_UNIT, "via_receiving"),
    (ReportReason.REPORTER, "via_reporter"),
    (ReportReason.REPORTER_UNIT_LEADER, "via_leader"),
)


def visible_reports(actor: Actor) -> QuerySet[ConcernReport]:
    """Every report the actor may open, from either side."""
    if not _active(actor):
        return ConcernReport.objects.none()
    return _with_reasons(actor).filter(
        Q(via_receiving=True) | Q(via_reporter=True) | Q(via_leader=True)
    )


def received_reports(actor: Actor) -> QuerySet[ConcernReport]:
    """Child welfare's inbox: the reports the actor's child welfare units received."""
    if not _active(actor):
        return ConcernReport.objects.none()
    return ConcernReport.objects.filter(receiving_unit_id__in=child_welfare_unit_ids(actor))


def sent_reports(actor: Actor) -> QuerySet[ConcernReport]:
    """The reports the actor sent, and those sent from a unit the actor leads."""
    if not _active(actor):
        return ConcernReport.objects.none()
    return ConcernReport.objects.filter(
        Q(reporter_id=actor.pk) | Q(reporter_unit_id__in=_led_unit_ids(actor))
    )


def report_access(actor: Actor, report: ConcernReport) -> ReportAccess | None:
    """Why the actor may see this report, or None."""
    if not _active(actor):
        return None
    row = _with_reasons(actor).filter(pk=report.pk).first()
    if row is None:
        return None
    reasons = frozenset(
        reason for reason, annotation in _REASON_ANNOTATIONS if getattr(row, annotation)
    )
    return ReportAccess(reasons) if reasons else None


def get_report_for(
    actor: Actor, report_id: int, action: ReportAction = ReportAction.READ
) -> tuple[ConcernReport, ReportAccess]:
    """Fetch and authorise. A reading writes `report.read` with its reason; a
    refused attempt on an existing report writes `report.denied` (the family
    sees attempts too). Other actions are audited by the `do_<verb>` that
    performs them, in its own transaction. Raises NotFound when the report
    does not exist or is out of reach, alike."""
    report = (
        ConcernReport.objects.select_related(
            "child", "municipality", "receiving_unit", "reporter", "reporter_unit", "handler"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound(ConcernReport)
    access = report_access(actor, report)
    if access is None or not access.allows(action):
        record(
            "report.denied",
            actor=actor,
            obj=report,
            child_id=report.child_id,
            municipality_id=report.municipality_id,
            changes={"attempted": str(action)},
        )
        raise NotFound(ConcernReport)
    if action == ReportAction.READ:
        record(
            "report.read",
            actor=actor,
            obj=report,
            child_id=report.child_id,
            municipality_id=report.municipality_id,
            reason=str(access.reason),
        )
    return report, access


def record_listed(actor: Actor, reports: list[ConcernReport], *, reason: str) -> None:
    """A list shows each child's name: one `report.listed` event per report, so
    the family's access log shows who saw the child in a list."""
    record_each(
        "report.listed",
        actor=actor,
        object_type=ConcernReport._meta.label_lower,
        about=[(r.pk, r.child_id, r.municipality_id) for r in reports],
        reason=reason,
    )


@dataclass(frozen=True)
class SentReportLine:
    """A sent report as "Mine saker" lists it: the reporter's side (what was sent,
    to whom, the latest feedback), never child welfare's status."""

    pk: int
    received_at: datetime.datetime
    child_name: str
    acute: bool
    receiving_unit: str
    last_feedback_at: datetime.datetime | None
    feedback_due_on: datetime.date


# sent_reports, newest first, in one plain statement: the ORM's query with its
# joins and the feedback fetched apart took ~8 ms of Python a page, for the many
# employees who have sent a report (most, over a few years). The same statement
# writes a `report.listed` event per line, in the lines' order, as record_each
# would (a data-modifying CTE: one round trip and one transaction less on every
# "Mine saker" of a reporter).
_SENT = """
    SELECT r.id, r.received_at, ch.given_name || ' ' || ch.family_name AS child_name,
           r.acute, u.name AS unit_name,
           (SELECT max(f.given_at) FROM reports_feedback f WHERE f.report_id = r.id) AS feedback,
           r.feedback_due_on, r.child_id, r.municipality_id
    FROM reports_concernreport r
    JOIN people_child ch ON ch.id = r.child_id
    JOIN organisation_unit u ON u.id = r.receiving_unit_id
    WHERE r.reporter_id = %(actor)s OR r.reporter_unit_id = ANY(%(led)s::bigint[])
    ORDER BY r.received_at DESC, r.id DESC
    LIMIT %(limit)s"""
_SENT_EVENTS = INSERT_EVENT.format(
    action="'report.listed'",
    object_type=f"'{ConcernReport._meta.label_lower}'",
    object_id="sent.id::text",
    child_id="sent.child_id",
    municipality_id="sent.municipality_id",
    reason=f"'{ReportReason.REPORTER}'",
    changes="'{}'",
)
_SENT_LINES = compact(f"""
    WITH sent AS MATERIALIZED ({_SENT}),
    event AS ({_SENT_EVENTS} FROM sent ORDER BY sent.received_at DESC, sent.id DESC)
    SELECT id, received_at, child_name, acute, unit_name, feedback, feedback_due_on FROM sent
    ORDER BY received_at DESC, id DESC""")  # noqa: S608 - constants only


def reports_for_reporter(actor: Actor, *, limit: int = 20) -> list[SentReportLine]:
    """The actor's sent reports (sent_reports) with their latest feedback, newest
    first, for "Mine saker" (reports.sent_list). Each report listed is audited as
    `report.listed`, by the same statement."""
    if not _active(actor):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _SENT_LINES,
            event_parameters(actor)
            | {"actor": actor.pk, "led": sorted(_led_unit_ids(actor)), "limit": limit},
        )
        return [SentReportLine(*row) for row in cursor.fetchall()]


# Sending a report.


def reportable_children(actor: Actor) -> QuerySet[Child]:
    """The children the actor may report about: those the actor may see."""
    return visible_children(actor)


def get_reportable_child(actor: Actor, child_id: int) -> Child:
    child = reportable_children(actor).select_related("municipality").filter(pk=child_id).first()
    if child is None:
        raise NotFound(Child)
    return child


def reporter_units(actor: Actor) -> QuerySet[Unit]:
    """The units the actor may report from: their own, except child welfare itself."""
    if not _active(actor):
        return Unit.objects.none()
    return (
        Unit.objects.filter(id__in=member_unit_ids(actor))
        .exclude(kind=UnitKind.CHILD_WELFARE)
        .select_related("municipality")
        .order_by("name")
    )


def can_report(actor: Actor) -> bool:
    """Has a unit to report from (as reporter_units, without a query)."""
    return any(seat.unit_kind != UnitKind.CHILD_WELFARE for seat in seats.seats(actor))


def receiving_units_for(child: Child) -> QuerySet[Unit]:
    """The child welfare units that serve the child's municipality."""
    return (
        Unit.objects.serving(child.municipality)
        .filter(kind=UnitKind.CHILD_WELFARE)
        .order_by("name")
    )


def linkable_case(actor: Actor, case_id: int, child: Child) -> Case | None:
    """The reporter's own relay log for this child, if the actor may write in it."""
    case = visible_cases(actor).filter(pk=case_id, child=child).first()
    if case is None or not can(actor, Action.WRITE, case):
        return None
    return case


def linked_case_visible(actor: Actor, report: ConcernReport, access: ReportAccess) -> bool:
    """Is the report's relay log shown to this actor? The reporter's side: when
    the case policy lets them open it. Child welfare: only through a reason of
    the case policy itself (consent, emergency access), never through the report."""
    if report.case_id is None or report.case is None:
        return False
    return case_access(actor, report.case) is not None


# Statistics and consultations.


def statistics_reports(actor: Actor) -> QuerySet[ConcernReport]:
    """Reports counted in the actor's statistics: those received by the actor's
    child welfare units, and those about children in municipalities the actor
    administers or leads a unit in. Only aggregates are shown from these."""
    if not _active(actor):
        return ConcernReport.objects.none()
    # Ids, not a subquery: PostgreSQL then reads the reports by their indexes
    # instead of testing a subquery on every report in the country.
    return ConcernReport.objects.filter(
        Q(receiving_unit_id__in=child_welfare_unit_ids(actor))
        | Q(
            municipality_id__in=administered_municipality_ids(actor)
            | seats.led_municipality_ids(actor)
        )
    )


def statistics_municipalities(actor: Actor) -> QuerySet[Municipality]:
    """The municipalities the actor's statistics may be narrowed to."""
    if not _active(actor):
        return Municipality.objects.none()
    child_welfare = Unit.objects.filter(id__in=child_welfare_unit_ids(actor))
    led = Unit.objects.filter(id__in=_led_unit_ids(actor))
    return (
        Municipality.objects.filter(
            Q(pk__in=child_welfare.values("municipality_id"))
            | Q(pk__in=child_welfare.values("serves"))
            | Q(pk__in=administered_municipality_ids(actor))
            | Q(pk__in=led.values("municipality_id"))
        )
        .distinct()
        .order_by("name")
    )


def can_view_report_statistics(actor: Actor) -> bool:
    if not _active(actor):
        return False
    return (
        is_child_welfare(actor)
        or bool(administered_municipality_ids(actor))
        or bool(_led_unit_ids(actor))
    )


def statistics_consultations(actor: Actor) -> QuerySet[Consultation]:
    """Consultations counted alongside: those with the actor's child welfare units,
    and those asked from units of municipalities the actor administers or leads in."""
    if not _active(actor):
        return Consultation.objects.none()
    return Consultation.objects.filter(
        Q(child_welfare_unit_id__in=child_welfare_unit_ids(actor))
        | Q(
            consulting_unit__municipality_id__in=administered_municipality_ids(actor)
            | seats.led_municipality_ids(actor)
        )
    )


def visible_consultations(actor: Actor) -> QuerySet[Consultation]:
    """The consultations the actor recorded, and those held with their child
    welfare units. There is no identity in them to protect, but what was said
    stays between the two parties."""
    if not _active(actor):
        return Consultation.objects.none()
    return Consultation.objects.filter(
        Q(recorded_by_id=actor.pk) | Q(child_welfare_unit_id__in=child_welfare_unit_ids(actor))
    )


def consultation_partners(actor: Actor) -> QuerySet[Unit]:
    """The child welfare units serving a municipality one of the actor's reporting units serves."""
    units = list(reporter_units(actor).prefetch_related("serves"))
    municipality_ids = {u.municipality_id for u in units} | {
        m.pk for u in units for m in u.serves.all()
    }
    return (
        Unit.objects.filter(kind=UnitKind.CHILD_WELFARE)
        .filter(Q(municipality_id__in=municipality_ids) | Q(serves__in=municipality_ids))
        .distinct()
        .order_by("name")
    )
