"""/api/v1/reports: reports of concern to child welfare (bekymringsmeldinger).

The same policy (rodtrad.policy.reports) and the same domain functions
(rodtrad.reports.actions) as the pages, with the same audit events. What is
out of reach answers 404, as if it did not exist.

Each side gets its own view of a report, marked by `view`:
- `"received"`: child welfare's, with status, deadlines, history and feedback;
- `"sent"`: the reporter's (and the reporter's unit leader's), with the report
  as sent and the feedback, never child welfare's status or notes.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, SCHEMA_MESSAGES, UNAUTHENTICATED
from rodtrad.policy import NotFound
from rodtrad.policy.reports import (
    ReportAccess,
    ReportAction,
    ReportReason,
    can_view_report_statistics,
    get_report_for,
    is_child_welfare,
    linked_case_visible,
    record_listed,
    sent_reports,
    statistics_consultations,
    statistics_reports,
)
from rodtrad.reports import deadlines
from rodtrad.reports.actions import (
    do_change_status,
    do_give_feedback,
    do_print_report,
    do_send_report,
    feedback_due_kind,
)
from rodtrad.reports.models import ConcernReport, Feedback, SourceKind, StatusChange
from rodtrad.reports.models import Status as ReportStatus
from rodtrad.reports.statistics import report_statistics
from rodtrad.reports.views import deadline_statuses, inbox_queryset, next_deadline

router = Router(tags=["reports"])

MESSAGE_CHOOSE = SCHEMA_MESSAGES["enum"]

StatusValue = Literal[
    "received",
    "under_review",
    "investigation",
    "closed_without_investigation",
    "closed_after_investigation",
    "measures",
]
ReasonValue = Literal["violence_or_abuse", "child_at_risk", "not_reached", "other", ""]


class UnitRef(Schema):
    id: int
    name: str


class ChildRef(Schema):
    id: int
    given_name: str
    family_name: str
    birth_date: datetime.date


class ChildFull(ChildRef):
    identity_number: str = Field(description="In full: child welfare needs it to open its case.")


class DeadlineOut(Schema):
    kind: Literal["review", "feedback", "second_feedback"]
    due_on: datetime.date = Field(description="Oslo calendar date; met if done on this date.")
    days_left: int = Field(description="Due date − today's Oslo date; negative when passed.")
    done_at: datetime.datetime | None
    state: Literal["open", "soon", "overdue", "met", "late"]


class FeedbackOut(Schema):
    kind: Literal["first", "second"] = Field(
        description="`first`: received, and whether an investigation was opened; "
        "`second`: the investigation ended, closed or followed up with measures."
    )
    given_at: datetime.datetime
    investigation_opened: bool | None
    measures: bool | None
    message: str


class HistoryOut(Schema):
    from_status: StatusValue
    to_status: StatusValue
    changed_at: datetime.datetime
    changed_by: str
    note: str


class ReportSummary(Schema):
    """A report in a list. `status` and `next_deadline` are child welfare's and
    are null in the reporter's list."""

    id: int
    view: Literal["received", "sent"]
    child: ChildRef
    receiving_unit: UnitRef
    reporter_unit: UnitRef | None = Field(
        description="Null for a report child welfare received outside Rød tråd."
    )
    source_kind: SourceKind
    acute: bool
    received_at: datetime.datetime
    feedback_due_on: datetime.date
    status: StatusValue | None = None
    next_deadline: DeadlineOut | None = None


class _ReportBase(Schema):
    id: int
    receiving_unit: UnitRef
    reporter: str | None = Field(
        description="The reporter's name; null for a report child welfare received outside "
        "Rød tråd (by phone or letter), where `received_from` says who reported."
    )
    reporter_unit: UnitRef | None
    received_from: str
    source_kind: SourceKind
    grounds: str
    observations: str
    acute: bool
    guardians_told: bool
    guardians_not_told_reason: ReasonValue
    guardians_not_told_explanation: str
    received_at: datetime.datetime
    feedback: list[FeedbackOut]


class SentReportOut(_ReportBase):
    """The reporter's view: the report as sent and the feedback, nothing of
    child welfare's own work with it."""

    view: Literal["sent"]
    child: ChildRef
    feedback_due_on: datetime.date = Field(
        description="When the first feedback is due at the latest."
    )
    case: int | None = Field(description="The relay log it was sent from, if you may open it.")


class ReceivedReportOut(_ReportBase):
    """Child welfare's view. `case` is null unless the case policy itself (the
    family's consent covering the unit, emergency access) lets you open the
    relay log the report came from: the report alone gives nothing of it."""

    view: Literal["received"]
    child: ChildFull
    status: StatusValue
    handler: str | None
    deadlines: list[DeadlineOut]
    feedback_due: Literal["first", "second"] | None = Field(
        description="Which feedback can be given now, if any."
    )
    history: list[HistoryOut]
    case: int | None


ReportOut = Annotated[SentReportOut | ReceivedReportOut, Field(discriminator="view")]


class ReportIn(InputSchema):
    child: int = Field(
        description="The child's id: a child you may see (enrolled in your unit, "
        "or in a relay log you may open)."
    )
    reporter_unit: int = Field(description="Your unit the report is sent from.")
    receiving_unit: int | None = Field(
        None,
        description="The child welfare service. Left out: the one serving the child's "
        "municipality; required when several serve it.",
    )
    grounds: str = Field(description="What you are concerned about.")
    observations: str = Field(description="What you have observed, and when.")
    acute: bool = False
    guardians_told: bool
    guardians_not_told_reason: ReasonValue = Field(
        "", description="Required when `guardians_told` is false."
    )
    guardians_not_told_explanation: str = ""
    case: int | None = Field(None, description="Your relay log for the child, to keep the link.")


class StatusIn(InputSchema):
    status: StatusValue
    note: str = Field("", description="Child welfare's own note; the reporter never sees it.")
    expected_status: StatusValue | None = Field(
        None,
        description="The status you last read. If someone changed it meanwhile, nothing is "
        "saved and the answer is 422.",
    )


class FeedbackIn(InputSchema):
    message: str = Field(
        "", max_length=1000, description="A short note to the reporter (optional)."
    )


class SourceCountOut(Schema):
    source_kind: SourceKind
    count: int


class MonthOut(Schema):
    month: str = Field(description="`YYYY-MM`, Oslo time.")
    total: int
    by_source: list[SourceCountOut]


class DeadlineFiguresOut(Schema):
    reached: int = Field(description="Reports whose deadline has been met or has passed.")
    in_time: int
    share_in_time: float | None


class StatisticsOut(Schema):
    start: datetime.date
    end: datetime.date
    total: int
    by_source: list[SourceCountOut]
    by_month: list[MonthOut]
    review: DeadlineFiguresOut
    feedback: DeadlineFiguresOut
    second_feedback: DeadlineFiguresOut
    feedback_days_average: float | None
    feedback_days_median: float | None
    consultations_total: int
    consultations_by_source: list[SourceCountOut]


class StatisticsQuery(Schema):
    municipality: str | None = Field(None, description="Kommunenummer, to narrow the figures.")
    date_from: datetime.date | None = Field(
        None, description="First day (Oslo date); default the first of the month a year ago."
    )
    date_to: datetime.date | None = Field(None, description="Last day; default today.")


def _unit(unit: Any) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _child(child: Any, *, full: bool) -> dict[str, Any]:
    data = {
        "id": child.pk,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "birth_date": child.birth_date,
    }
    if full:
        data["identity_number"] = child.identity_number
    return data


def _deadline(row: deadlines.DeadlineStatus) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "due_on": row.due_on,
        "days_left": row.days_left,
        "done_at": row.done_at,
        "state": str(row.state),
    }


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _feedback(report: ConcernReport) -> list[dict[str, Any]]:
    return [
        {
            "kind": f.kind,
            "given_at": f.given_at,
            "investigation_opened": f.investigation_opened,
            "measures": f.measures,
            "message": f.message,
        }
        for f in report.feedback.order_by("given_at", "pk")
    ]


def report_body(actor: Any, report: ConcernReport, access: ReportAccess) -> dict[str, Any]:
    """One report as the actor's side sees it."""
    base = {
        "id": report.pk,
        "receiving_unit": _unit(report.receiving_unit),
        "reporter": _name(report.reporter) if report.reporter else None,
        "reporter_unit": _unit(report.reporter_unit),
        "received_from": report.received_from,
        "source_kind": report.source_kind,
        "grounds": report.grounds,
        "observations": report.observations,
        "acute": report.acute,
        "guardians_told": report.guardians_told,
        "guardians_not_told_reason": report.guardians_not_told_reason,
        "guardians_not_told_explanation": report.guardians_not_told_explanation,
        "received_at": report.received_at,
        "feedback": _feedback(report),
        "case": report.case_id if linked_case_visible(actor, report, access) else None,
    }
    if not access.as_child_welfare:
        return {
            **base,
            "view": "sent",
            "child": _child(report.child, full=False),
            "feedback_due_on": report.feedback_due_on,
        }
    now = timezone.now()
    history = StatusChange.objects.filter(report=report).select_related("changed_by")
    return {
        **base,
        "view": "received",
        "child": _child(report.child, full=True),
        "status": report.status,
        "handler": _name(report.handler) if report.handler else None,
        "deadlines": [_deadline(row) for row in deadline_statuses(report, now)],
        "feedback_due": feedback_due_kind(report),
        "history": [
            {
                "from_status": h.from_status,
                "to_status": h.to_status,
                "changed_at": h.changed_at,
                "changed_by": _name(h.changed_by),
                "note": h.note,
            }
            for h in history.order_by("changed_at", "pk")
        ],
    }


def _summary(report: ConcernReport, *, received: bool, now: datetime.datetime) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": report.pk,
        "view": "received" if received else "sent",
        "child": _child(report.child, full=False),
        "receiving_unit": _unit(report.receiving_unit),
        "reporter_unit": _unit(report.reporter_unit),
        "source_kind": report.source_kind,
        "acute": report.acute,
        "received_at": report.received_at,
        "feedback_due_on": report.feedback_due_on,
    }
    if received:
        upcoming = next_deadline(report, now)
        data["status"] = report.status
        data["next_deadline"] = _deadline(upcoming) if upcoming else None
    return data


@router.get(
    "",
    response={200: list[ReportSummary], **UNAUTHENTICATED},
    summary="List reports: child welfare's inbox, or the reports you sent",
    description=(
        "`box=inbox` (the default for child welfare staff): the reports your child welfare "
        "service received, acute and oldest first; `status=open` (the default) keeps those "
        "still owing a decision or feedback, `all` shows every one, or name a status. "
        "`box=sent` (the default for everyone else): the reports you sent, and those sent "
        "from a unit you lead, newest first, without child welfare's status. "
        "Every report listed is written to the audit log."
    ),
)
@paginated()
def list_reports(
    request: HttpRequest, box: str | None = None, status: str = "open"
) -> list[dict[str, Any]]:
    # Plain types: the pagination wrapper cannot resolve a Query schema here.
    if box not in {None, "inbox", "sent"}:
        raise ValidationError({"box": [MESSAGE_CHOOSE]})
    actor = actor_of(request)
    inbox = box == "inbox" or (box is None and is_child_welfare(actor))
    now = timezone.now()
    if inbox:
        reports = inbox_queryset(
            actor, status if status in {"open", "all", *ReportStatus.values} else "open"
        )
    else:
        reports = (
            sent_reports(actor)
            .select_related("child", "receiving_unit", "reporter_unit")
            .order_by("-received_at", "-pk")
        )
    return _AuditedPage(reports, actor=actor, received=inbox, now=now)  # type: ignore[return-value]


class _AuditedPage:
    """A lazily sliced list that audits, as `report.listed`, the reports on the
    page it is cut to, and turns them into summaries."""

    def __init__(
        self,
        reports: QuerySet[ConcernReport],
        *,
        actor: Any,
        received: bool,
        now: datetime.datetime,
    ) -> None:
        self.reports = reports
        self.actor = actor
        self.received = received
        self.now = now

    def count(self) -> int:
        return self.reports.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        page = list(self.reports[item])
        record_listed(
            self.actor,
            page,
            reason=ReportReason.RECEIVING_UNIT if self.received else ReportReason.REPORTER,
        )
        return [_summary(report, received=self.received, now=self.now) for report in page]


@router.post(
    "",
    response={201: ReportOut, **UNAUTHENTICATED, **INVALID},
    summary="Send a report of concern",
    description=(
        "Sends a report about a child you may see to the child welfare service that serves "
        "the child's municipality (intermunicipal services included), and answers `201` with "
        "the report as you see it (`view: sent`). No consent is needed: the duty to report "
        "overrides confidentiality. A child, unit or relay log out of your reach answers `422` "
        'with "not found" on that field.'
    ),
)
def create_report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    report = do_send_report(
        actor=actor,
        child_id=payload.child,
        reporter_unit_id=payload.reporter_unit,
        receiving_unit_id=payload.receiving_unit,
        grounds=payload.grounds,
        observations=payload.observations,
        acute=payload.acute,
        guardians_told=payload.guardians_told,
        guardians_not_told_reason=payload.guardians_not_told_reason,
        guardians_not_told_explanation=payload.guardians_not_told_explanation,
        case_id=payload.case,
    )
    report, access = get_report_for(actor, report.pk)
    return Status(201, report_body(actor, report, access))


@router.get(
    "/statistics",
    response={200: StatisticsOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Statistics on reports",
    description=(
        "Reports by source kind and by month, the share of deadlines met and the time to "
        "the first feedback, for child welfare staff (their service's reports) and for "
        "administrators and leaders (reports about children in their municipality). "
        "Aggregates only. Anyone else: `404`."
    ),
)
def statistics(request: HttpRequest, filters: Query[StatisticsQuery]) -> dict[str, Any]:
    actor = actor_of(request)
    if not can_view_report_statistics(actor):
        raise NotFound(ConcernReport)
    now = timezone.now()
    today = deadlines.local_date(now)
    start = filters.date_from or datetime.date(today.year - 1, today.month, 1)
    end = filters.date_to or today
    start, end = min(start, end), max(start, end)
    reports = statistics_reports(actor)
    consultations = statistics_consultations(actor)
    if filters.municipality:
        reports = reports.filter(municipality__number=filters.municipality)
        consultations = consultations.filter(
            consulting_unit__municipality__number=filters.municipality
        )
    figures = report_statistics(reports, consultations, start=start, end=end, now=now)

    def deadline(f: Any) -> dict[str, Any]:
        return {"reached": f.reached, "in_time": f.in_time, "share_in_time": f.share}

    return {
        "start": figures.start,
        "end": figures.end,
        "total": figures.total,
        "by_source": [{"source_kind": s.kind, "count": s.count} for s in figures.by_source],
        "by_month": [
            {
                "month": row.month.strftime("%Y-%m"),
                "total": row.total,
                "by_source": [
                    {"source_kind": kind, "count": count}
                    for kind, count in zip(figures.sources, row.counts, strict=True)
                ],
            }
            for row in figures.months
        ],
        "review": deadline(figures.review),
        "feedback": deadline(figures.feedback),
        "second_feedback": deadline(figures.second_feedback),
        "feedback_days_average": figures.feedback_days_average,
        "feedback_days_median": figures.feedback_days_median,
        "consultations_total": figures.consultations_total,
        "consultations_by_source": [
            {"source_kind": s.kind, "count": s.count} for s in figures.consultations_by_source
        ],
    }


@router.get(
    "/{int:report_id}",
    response={200: ReportOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a report",
    description="Your side's view of the report (`view`: `received` or `sent`). Audited.",
)
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    report, access = get_report_for(actor, report_id)
    return report_body(actor, report, access)


@router.post(
    "/{int:report_id}/status",
    response={200: ReceivedReportOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change a report's status (child welfare)",
    description=(
        "Received → under review → investigation opened or closed without investigation; "
        "investigation → measures or closed. Deciding the review meets the review deadline; "
        "ending an investigation sets the second feedback's deadline. Only the receiving "
        "child welfare service; anyone else: `404`."
    ),
)
def change_status(request: HttpRequest, report_id: int, payload: StatusIn) -> dict[str, Any]:
    actor = actor_of(request)
    report, _access = get_report_for(actor, report_id, ReportAction.HANDLE)
    do_change_status(
        report,
        actor=actor,
        to_status=payload.status,
        note=payload.note,
        expected_status=payload.expected_status,
    )
    report, access = get_report_for(actor, report_id, ReportAction.HANDLE)
    return report_body(actor, report, access)


@router.post(
    "/{int:report_id}/feedback",
    response={201: FeedbackOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Give the reporter feedback (child welfare)",
    description=(
        "Gives the feedback due now: after the review decision, `first` (received; whether "
        "an investigation was opened); after an investigation ends, `second` (closed or "
        "followed up with measures). What is said follows from the status; `message` adds "
        "a short note. Nothing due: `422`. Only the receiving child welfare service."
    ),
)
def give_feedback(request: HttpRequest, report_id: int, payload: FeedbackIn) -> Status[Feedback]:
    actor = actor_of(request)
    report, _access = get_report_for(actor, report_id, ReportAction.HANDLE)
    feedback = do_give_feedback(report, actor=actor, message=payload.message)
    return Status(201, feedback)


@router.get(
    "/{int:report_id}/pdf",
    response={200: None, **UNAUTHENTICATED, **NOT_FOUND},
    summary="The report as a PDF, for the reporter's own records",
    description="`application/pdf`. For the reporter and the reporter's unit leader. "
    "Audited as `report.printed`.",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}, "description": "PDF"}}},
)
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    report, _access = get_report_for(actor, report_id, ReportAction.PRINT)
    response = HttpResponse(do_print_report(report, actor=actor), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bekymringsmelding-{report.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
