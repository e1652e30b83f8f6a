"""Sending, handling and answering reports of concern; anonymous consultations;
the deadline reminders.

The pages and the API both call these `do_<verb>` functions. Each one owns its
transaction, asks rodtrad.policy first (what is out of reach raises NotFound,
as if it did not exist), validates, saves, writes the audit event in the same
transaction and tells the people concerned (a title and a link, no personal
data). Free texts (what was observed, notes, messages) never go into the
audit log: it is append-only, and would keep them past any retention period.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.notifications.actions import do_notify
from rodtrad.organisation.models import Membership, Role, Unit
from rodtrad.people.identity import compact
from rodtrad.people.models import Child
from rodtrad.policy import NotFound
from rodtrad.policy.reports import (
    ReportAction,
    child_welfare_unit_ids,
    consultation_partners,
    get_reportable_child,
    linkable_case,
    receiving_units_for,
    report_access,
    reporter_units,
)
from rodtrad.redaction import IDENTITY_NUMBER_PATTERN
from rodtrad.reports import deadlines
from rodtrad.reports.models import (
    INVESTIGATION_ENDED,
    REVIEW_DECIDED,
    TRANSITIONS,
    ConcernReport,
    Consultation,
    ConsultationOutcome,
    Deadline,
    DeadlineReminder,
    Feedback,
    FeedbackKind,
    GuardiansNotTold,
    ReminderStage,
    SourceKind,
    Status,
    StatusChange,
    source_kind_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Actor = User | AnonymousUser

MAX_TEXT = 20_000
MAX_FEEDBACK_MESSAGE = 1_000

MESSAGE_REQUIRED = _("This field is required.")
MESSAGE_CHILD_NOT_FOUND = _("Child not found.")
MESSAGE_CHOOSE_CHILD = _("Choose the child.")
MESSAGE_GUARDIANS_TOLD = _("Answer whether the guardians have been told.")
MESSAGE_NOT_YOUR_UNIT = _("Choose one of your own units.")
MESSAGE_NO_CHILD_WELFARE = _(
    "No child welfare service is registered for the child's municipality. Ask your administrator."
)
MESSAGE_CHOOSE_CHILD_WELFARE = _(
    "Several child welfare services serve the child's municipality: choose one."
)
MESSAGE_NOT_SERVING = _("Choose a child welfare service that serves the child's municipality.")
MESSAGE_CASE_NOT_FOUND = _("Relay log not found.")
MESSAGE_REASON_REQUIRED = _("Say why the guardians have not been told.")
MESSAGE_EXPLANATION_REQUIRED = _("Explain the reason in a few words.")
MESSAGE_TOO_LONG = _("The text is too long.")
MESSAGE_STATUS_CHANGED_MEANWHILE = _(
    "Someone else changed the status of this report meanwhile. Look at it again and try once more."
)
MESSAGE_TRANSITION = _("The report cannot go from “%(from)s” to “%(to)s”.")
MESSAGE_DECIDE_FIRST = _(
    "Decide whether to open an investigation before giving feedback: the reporter is told both."
)
MESSAGE_NO_FEEDBACK_DUE = _(
    "All feedback due has been given. The next feedback is due when the investigation ends."
)
MESSAGE_ALL_FEEDBACK_GIVEN = _("All feedback has been given.")
MESSAGE_NO_IDENTITY_NUMBERS = _("Do not write identity numbers here.")
MESSAGE_NO_PARTNER = _("Choose a child welfare service that serves your unit's municipality.")
MESSAGE_NOT_IN_FUTURE = _("The date cannot be in the future.")


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _text(value: str, field: str, errors: dict[str, list[StrOrPromise]], *, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        errors.setdefault(field, []).append(MESSAGE_TOO_LONG)
    return text


def _detail_link(report: ConcernReport) -> str:
    return reverse("reports:detail", args=[report.pk])


def _active_members(unit_id: int, *, roles: Iterable[str] | None = None) -> list[User]:
    memberships = Membership.objects.filter(unit_id=unit_id)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return list(
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("pk")
    )


def _guardians(
    told: bool | None, reason: str, explanation: str, errors: dict[str, list[StrOrPromise]]
) -> tuple[str, str]:
    """Were the guardians told? If not, why not (and for "other", in words)."""
    explanation = _text(explanation, "guardians_not_told_explanation", errors, limit=MAX_TEXT)
    if told is None:
        errors["guardians_told"] = [MESSAGE_GUARDIANS_TOLD]
        return "", explanation
    if told:
        return "", ""
    reason = reason or ""
    if reason not in GuardiansNotTold.values:
        errors["guardians_not_told_reason"] = [MESSAGE_REASON_REQUIRED]
    elif reason == GuardiansNotTold.OTHER and not explanation:
        errors.setdefault("guardians_not_told_explanation", []).append(MESSAGE_EXPLANATION_REQUIRED)
    return reason, explanation


# Sending


@transaction.atomic
def do_send_report(
    *,
    actor: User,
    child_id: int | None,
    reporter_unit_id: int | None,
    receiving_unit_id: int | None = None,
    grounds: str,
    observations: str,
    acute: bool = False,
    guardians_told: bool | None,
    guardians_not_told_reason: str = "",
    guardians_not_told_explanation: str = "",
    case_id: int | None = None,
    now: datetime.datetime | None = None,
) -> ConcernReport:
    """Send a report of concern about a child the actor may see, from one of the
    actor's units, to the child welfare unit that serves the child's
    municipality (picked when there is one; the caller chooses among several).
    No consent is asked: the duty to report overrides confidentiality."""
    moment = _now(now)
    errors: dict[str, list[StrOrPromise]] = {}
    child = None
    if child_id is None:
        errors["child"] = [MESSAGE_CHOOSE_CHILD]
    else:
        try:
            child = get_reportable_child(actor, child_id)
        except NotFound:
            errors["child"] = [MESSAGE_CHILD_NOT_FOUND]

    reporter_unit = (
        reporter_units(actor).filter(pk=reporter_unit_id).first()
        if reporter_unit_id is not None
        else None
    )
    if reporter_unit is None:
        errors["reporter_unit"] = [MESSAGE_NOT_YOUR_UNIT]

    serving = list(receiving_units_for(child)) if child is not None else []
    receiving_unit: Unit | None = None
    if child is None:
        pass  # the child's error says it all
    elif not serving:
        errors["receiving_unit"] = [MESSAGE_NO_CHILD_WELFARE]
    elif receiving_unit_id is None:
        if len(serving) == 1:
            receiving_unit = serving[0]
        else:
            errors["receiving_unit"] = [MESSAGE_CHOOSE_CHILD_WELFARE]
    else:
        receiving_unit = next((u for u in serving if u.pk == receiving_unit_id), None)
        if receiving_unit is None:
            errors["receiving_unit"] = [MESSAGE_NOT_SERVING]

    case = None
    if case_id is not None and child is not None:
        case = linkable_case(actor, case_id, child)
        if case is None:
            errors["case"] = [MESSAGE_CASE_NOT_FOUND]

    grounds = _text(grounds, "grounds", errors, limit=MAX_TEXT)
    observations = _text(observations, "observations", errors, limit=MAX_TEXT)
    if not grounds:
        errors.setdefault("grounds", []).append(MESSAGE_REQUIRED)
    if not observations:
        errors.setdefault("observations", []).append(MESSAGE_REQUIRED)
    reason, explanation = _guardians(
        guardians_told, guardians_not_told_reason, guardians_not_told_explanation, errors
    )
    if (
        errors
        or child is None
        or reporter_unit is None
        or receiving_unit is None
        or guardians_told is None
    ):
        raise ValidationError(errors)

    report = ConcernReport.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        receiving_unit=receiving_unit,
        reporter=actor,
        reporter_unit=reporter_unit,
        source_kind=source_kind_of(reporter_unit),
        case=case,
        grounds=grounds,
        observations=observations,
        acute=acute,
        guardians_told=guardians_told,
        guardians_not_told_reason=reason,
        guardians_not_told_explanation=explanation,
        received_at=moment,
        review_due_on=deadlines.review_due(moment),
        feedback_due_on=deadlines.feedback_due(moment),
    )
    record(
        "report.sent",
        actor=actor,
        obj=report,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason="duty_to_report",
        changes={
            "receiving_unit": [None, receiving_unit.pk],
            "reporter_unit": [None, reporter_unit.pk],
            "source_kind": [None, report.source_kind],
            "acute": [None, acute],
            "guardians_told": [None, guardians_told],
            "guardians_not_told_reason": [None, reason],
            "case": [None, case.pk if case is not None else None],
        },
    )
    title = (
        _("New ACUTE report of concern: review it now")
        if acute
        else _("New report of concern to review")
    )
    do_notify(
        _active_members(receiving_unit.pk),
        kind="report.received_acute" if acute else "report.received",
        title=title,
        link=_detail_link(report),
    )
    return report


@transaction.atomic
def do_register_received_report(
    *,
    actor: User,
    receiving_unit_id: int,
    identity_number: str,
    source_kind: str,
    received_from: str,
    grounds: str,
    observations: str,
    acute: bool = False,
    guardians_told: bool | None,
    guardians_not_told_reason: str = "",
    guardians_not_told_explanation: str = "",
    received_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> ConcernReport:
    """Child welfare writes in a report it received otherwise: by phone or
    letter, from a parent, a neighbour, the police or a GP outside Rød tråd.
    Only staff of the receiving service, about a child registered in a
    municipality it serves, found by identity number (sent in the body, never
    echoed). The deadlines count from when it was received. Such reports count
    in the statistics by source; there is no reporter in Rød tråd to see the
    feedback, which child welfare gives the usual way and records here."""
    moment = _now(now)
    errors: dict[str, list[StrOrPromise]] = {}
    unit = (
        Unit.objects.filter(pk=receiving_unit_id, pk__in=child_welfare_unit_ids(actor)).first()
        if receiving_unit_id is not None
        else None
    )
    if unit is None:
        raise ValidationError({"receiving_unit": [MESSAGE_NOT_YOUR_UNIT]})
    number = compact(identity_number or "")
    child = (
        Child.objects.filter(
            identity_number=number, municipality_id__in=unit.served_municipality_ids()
        ).first()
        if number
        else None
    )
    if child is None:
        errors["identity_number"] = [MESSAGE_CHILD_NOT_FOUND]
    if source_kind not in SourceKind.values:
        errors["source_kind"] = [MESSAGE_REQUIRED]
    received_from = _text(received_from, "received_from", errors, limit=200)
    if not received_from:
        errors.setdefault("received_from", []).append(MESSAGE_REQUIRED)
    when = received_at or moment
    if when > moment:
        errors["received_at"] = [MESSAGE_NOT_IN_FUTURE]
    grounds = _text(grounds, "grounds", errors, limit=MAX_TEXT)
    observations = _text(observations, "observations", errors, limit=MAX_TEXT)
    if not grounds:
        errors.setdefault("grounds", []).append(MESSAGE_REQUIRED)
    if not observations:
        errors.setdefault("observations", []).append(MESSAGE_REQUIRED)
    reason, explanation = _guardians(
        guardians_told, guardians_not_told_reason, guardians_not_told_explanation, errors
    )
    if errors or child is None or guardians_told is None:
        raise ValidationError(errors)

    report = ConcernReport.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        receiving_unit=unit,
        source_kind=source_kind,
        received_from=received_from,
        registered_by=actor,
        grounds=grounds,
        observations=observations,
        acute=acute,
        guardians_told=guardians_told,
        guardians_not_told_reason=reason,
        guardians_not_told_explanation=explanation,
        received_at=when,
        review_due_on=deadlines.review_due(when),
        feedback_due_on=deadlines.feedback_due(when),
    )
    record(
        "report.registered",
        actor=actor,
        obj=report,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason="receiving_unit",
        changes={
            "receiving_unit": [None, unit.pk],
            "source_kind": [None, source_kind],
            "received_at": [None, when.isoformat()],
            "acute": [None, acute],
            "guardians_told": [None, guardians_told],
            "guardians_not_told_reason": [None, reason],
        },
    )
    return report


# Handling (child welfare)


def _lock_for_handling(report: ConcernReport, actor: Actor) -> ConcernReport:
    locked = ConcernReport.objects.select_for_update().get(pk=report.pk)
    access = report_access(actor, locked)
    if access is None or not access.allows(ReportAction.HANDLE):
        raise NotFound(ConcernReport)
    return locked


@transaction.atomic
def do_change_status(
    report: ConcernReport,
    *,
    actor: User,
    to_status: str,
    note: str = "",
    expected_status: str | None = None,
    now: datetime.datetime | None = None,
) -> ConcernReport:
    """Move the report on (TRANSITIONS). Deciding the review stamps
    `reviewed_at`; ending an investigation stamps `investigation_ended_at` and
    sets the second feedback's deadline. The first to handle it becomes its
    case worker. `expected_status` is what the page showed: when someone else
    changed it meanwhile, nothing is saved (optimistic locking)."""
    moment = _now(now)
    locked = _lock_for_handling(report, actor)
    errors: dict[str, list[StrOrPromise]] = {}
    note = _text(note, "note", errors, limit=MAX_TEXT)
    old = locked.status
    if expected_status is not None and expected_status != old:
        raise ValidationError({"status": [MESSAGE_STATUS_CHANGED_MEANWHILE]})
    if to_status not in TRANSITIONS.get(old, frozenset()):
        labels = dict(Status.choices)
        errors["status"] = [
            MESSAGE_TRANSITION
            % {"from": labels.get(old, old), "to": labels.get(to_status, to_status)}
        ]
    if errors:
        raise ValidationError(errors)

    changes: dict[str, list[object]] = {"status": [old, to_status]}
    locked.status = to_status
    fields = ["status"]
    if to_status in REVIEW_DECIDED and locked.reviewed_at is None:
        locked.reviewed_at = moment
        fields.append("reviewed_at")
    if to_status in INVESTIGATION_ENDED:
        locked.investigation_ended_at = moment
        locked.second_feedback_due_on = deadlines.second_feedback_due(moment)
        fields += ["investigation_ended_at", "second_feedback_due_on"]
        changes["second_feedback_due_on"] = [None, locked.second_feedback_due_on.isoformat()]
    if locked.handler_id is None:
        locked.handler = actor
        fields.append("handler")
        changes["handler"] = [None, actor.pk]
    locked.save(update_fields=fields)
    StatusChange.objects.create(
        report=locked,
        from_status=old,
        to_status=to_status,
        changed_at=moment,
        changed_by=actor,
        note=note,
    )
    record(
        "report.status_changed",
        actor=actor,
        obj=locked,
        child_id=locked.child_id,
        municipality_id=locked.municipality_id,
        reason="receiving_unit",
        changes=changes,
    )
    return locked


def feedback_due_kind(report: ConcernReport) -> str | None:
    """Which feedback child welfare can give now, if any."""
    if report.first_feedback_at is None:
        return FeedbackKind.FIRST if report.status in REVIEW_DECIDED else None
    if report.second_feedback_at is None and report.status in INVESTIGATION_ENDED:
        return FeedbackKind.SECOND
    return None


@transaction.atomic
def do_give_feedback(
    report: ConcernReport,
    *,
    actor: User,
    message: str = "",
    now: datetime.datetime | None = None,
) -> Feedback:
    """Tell the reporter what the law says they are told, and no more: first that
    the report was received and whether an investigation was opened; after an
    investigation, whether the case was closed or followed up with measures.
    What is said follows from the status; `message` adds a short note."""
    moment = _now(now)
    locked = _lock_for_handling(report, actor)
    errors: dict[str, list[StrOrPromise]] = {}
    message = _text(message, "message", errors, limit=MAX_FEEDBACK_MESSAGE)
    if IDENTITY_NUMBER_PATTERN.search(message):
        errors.setdefault("message", []).append(MESSAGE_NO_IDENTITY_NUMBERS)
    kind = feedback_due_kind(locked)
    if kind is None:
        if locked.first_feedback_at is None:
            errors["kind"] = [MESSAGE_DECIDE_FIRST]
        elif locked.status == Status.INVESTIGATION:
            errors["kind"] = [MESSAGE_NO_FEEDBACK_DUE]
        else:
            errors["kind"] = [MESSAGE_ALL_FEEDBACK_GIVEN]
    if errors:
        raise ValidationError(errors)

    if kind == FeedbackKind.FIRST:
        feedback = Feedback.objects.create(
            report=locked,
            kind=kind,
            given_at=moment,
            given_by=actor,
            investigation_opened=locked.status != Status.CLOSED_WITHOUT_INVESTIGATION,
            message=message,
        )
        locked.first_feedback_at = moment
        locked.save(update_fields=["first_feedback_at"])
        changes = {
            "kind": [None, kind],
            "investigation_opened": [None, feedback.investigation_opened],
        }
    else:
        feedback = Feedback.objects.create(
            report=locked,
            kind=FeedbackKind.SECOND,
            given_at=moment,
            given_by=actor,
            measures=locked.status == Status.MEASURES,
            message=message,
        )
        locked.second_feedback_at = moment
        locked.save(update_fields=["second_feedback_at"])
        changes = {"kind": [None, FeedbackKind.SECOND], "measures": [None, feedback.measures]}
    record(
        "report.feedback_given",
        actor=actor,
        obj=locked,
        child_id=locked.child_id,
        municipality_id=locked.municipality_id,
        reason="receiving_unit",
        changes=changes,
    )
    if locked.reporter_id is not None:  # a report registered by child welfare has none
        do_notify(
            User.objects.filter(pk=locked.reporter_id, is_active=True),
            kind="report.feedback",
            title=_("Child welfare has given feedback on your report of concern"),
            link=_detail_link(locked),
        )
    return feedback


# Printing


def render_report_pdf(report: ConcernReport, feedback: list[Feedback]) -> bytes:
    import weasyprint  # a heavy import, needed only here

    html = render_to_string(
        "reports/pdf.html",
        {"report": report, "feedback": feedback, "printed_at": timezone.now()},
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


@transaction.atomic
def do_print_report(report: ConcernReport, *, actor: User) -> bytes:
    """The report as sent, with the feedback received, as a PDF for the
    reporter's own records. Audited as `report.printed`."""
    access = report_access(actor, report)
    if access is None or not access.allows(ReportAction.PRINT):
        raise NotFound(ConcernReport)
    feedback = list(report.feedback.order_by("given_at"))
    pdf = render_report_pdf(report, feedback)
    record(
        "report.printed",
        actor=actor,
        obj=report,
        child_id=report.child_id,
        municipality_id=report.municipality_id,
        reason=str(access.reason),
    )
    return pdf


# Consultations


@transaction.atomic
def do_record_consultation(
    *,
    actor: User,
    consulting_unit_id: int,
    child_welfare_unit_id: int,
    held_on: datetime.date,
    summary: str,
    advice: str = "",
    outcome: str,
    now: datetime.datetime | None = None,
) -> Consultation:
    """Record an anonymous talk with child welfare about whether to report.
    Nothing in it identifies the child: there is no field for it, and the
    texts refuse identity numbers."""
    moment = _now(now)
    errors: dict[str, list[StrOrPromise]] = {}
    consulting_unit = reporter_units(actor).filter(pk=consulting_unit_id).first()
    if consulting_unit is None:
        errors["consulting_unit"] = [MESSAGE_NOT_YOUR_UNIT]
    partner = consultation_partners(actor).filter(pk=child_welfare_unit_id).first()
    if partner is None:
        errors["child_welfare_unit"] = [MESSAGE_NO_PARTNER]
    if held_on > deadlines.local_date(moment):
        errors["held_on"] = [MESSAGE_NOT_IN_FUTURE]
    summary = _text(summary, "summary", errors, limit=MAX_TEXT)
    advice = _text(advice, "advice", errors, limit=MAX_TEXT)
    if not summary:
        errors.setdefault("summary", []).append(MESSAGE_REQUIRED)
    for field, text in (("summary", summary), ("advice", advice)):
        if IDENTITY_NUMBER_PATTERN.search(text):
            errors.setdefault(field, []).append(MESSAGE_NO_IDENTITY_NUMBERS)
    if outcome not in ConsultationOutcome.values:
        errors["outcome"] = [MESSAGE_REQUIRED]
    if errors or consulting_unit is None or partner is None:
        raise ValidationError(errors)
    consultation = Consultation.objects.create(
        child_welfare_unit=partner,
        consulting_unit=consulting_unit,
        source_kind=source_kind_of(consulting_unit),
        recorded_by=actor,
        held_on=held_on,
        summary=summary,
        advice=advice,
        outcome=outcome,
    )
    record(
        "consultation.recorded",
        actor=actor,
        obj=consultation,
        municipality_id=consulting_unit.municipality_id,
        changes={
            "child_welfare_unit": [None, partner.pk],
            "consulting_unit": [None, consulting_unit.pk],
            "outcome": [None, outcome],
        },
    )
    return consultation


# Reminders


REMINDER_LOCK = 6_130_201  # pg advisory lock key: one reminder run at a time

REMINDER_TITLES: dict[tuple[str, str], StrOrPromise] = {
    (Deadline.REVIEW, ReminderStage.SOON): _("A report of concern must be reviewed soon"),
    (Deadline.REVIEW, ReminderStage.OVERDUE): _(
        "The review deadline for a report of concern has passed"
    ),
    (Deadline.FEEDBACK, ReminderStage.SOON): _("Feedback to a reporter is due soon"),
    (Deadline.FEEDBACK, ReminderStage.OVERDUE): _(
        "The feedback deadline for a report of concern has passed"
    ),
    (Deadline.SECOND_FEEDBACK, ReminderStage.SOON): _(
        "Feedback after an investigation is due soon"
    ),
    (Deadline.SECOND_FEEDBACK, ReminderStage.OVERDUE): _(
        "The deadline for feedback after an investigation has passed"
    ),
}


def _reminder_recipients(report: ConcernReport) -> list[User]:
    """The case worker; without one, the unit's leaders; without leaders, everyone in it."""
    if report.handler is not None and report.handler.is_active:
        return [report.handler]
    return _active_members(report.receiving_unit_id, roles=[Role.LEADER]) or _active_members(
        report.receiving_unit_id
    )


def open_deadlines(
    report: ConcernReport,
) -> list[tuple[str, datetime.date]]:
    """The deadlines of a report not yet met: (Deadline, due date)."""
    result: list[tuple[str, datetime.date]] = []
    if report.reviewed_at is None:
        result.append((Deadline.REVIEW, report.review_due_on))
    if report.first_feedback_at is None:
        result.append((Deadline.FEEDBACK, report.feedback_due_on))
    if report.second_feedback_due_on is not None and report.second_feedback_at is None:
        result.append((Deadline.SECOND_FEEDBACK, report.second_feedback_due_on))
    return result


def send_report_deadline_reminders(now: datetime.datetime) -> int:
    """Remind child welfare before a deadline passes, and once when it has.

    For every deadline not yet met: a reminder when REMIND_DAYS_BEFORE days
    or fewer are left, and another once it has passed; never the same
    reminder twice (DeadlineReminder is unique per report, deadline, stage
    and due date), and never two runs at once (an advisory lock). Returns the
    number of reminders sent. Run it periodically; it is safe to run often."""
    today = deadlines.local_date(now)
    horizon = today + datetime.timedelta(days=deadlines.REMIND_DAYS_BEFORE)
    sent = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REMINDER_LOCK])
            (locked,) = cursor.fetchone() or (False,)
        if not locked:
            return 0
        candidates = (
            ConcernReport.objects.filter(
                Q(reviewed_at__isnull=True, review_due_on__lte=horizon)
                | Q(first_feedback_at__isnull=True, feedback_due_on__lte=horizon)
                | Q(
                    second_feedback_at__isnull=True,
                    second_feedback_due_on__isnull=False,
                    second_feedback_due_on__lte=horizon,
                )
            )
            .select_related("handler")
            .prefetch_related("reminders")
            .order_by("pk")
        )
        for report in candidates:
            done = {(r.deadline, r.stage, r.due_on) for r in report.reminders.all()}
            for deadline, due_on in open_deadlines(report):
                if due_on > horizon:
                    continue
                stage = ReminderStage.OVERDUE if due_on < today else ReminderStage.SOON
                if (deadline, stage, due_on) in done:
                    continue
                recipients = _reminder_recipients(report)
                DeadlineReminder.objects.create(
                    report=report,
                    deadline=deadline,
                    stage=stage,
                    due_on=due_on,
                    sent_at=now,
                    recipients=len(recipients),
                )
                do_notify(
                    recipients,
                    kind=f"report.{deadline}_{stage}",
                    title=REMINDER_TITLES[(deadline, stage)],
                    link=_detail_link(report),
                )
                record(
                    "report.reminder_sent",
                    actor=None,
                    obj=report,
                    child_id=report.child_id,
                    municipality_id=report.municipality_id,
                    changes={
                        "deadline": [None, str(deadline)],
                        "stage": [None, str(stage)],
                        "due_on": [None, due_on.isoformat()],
                        "recipients": [None, [u.pk for u in recipients]],
                    },
                )
                sent += 1
    return sent
