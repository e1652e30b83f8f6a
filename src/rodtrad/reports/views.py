"""The report pages. Views parse input and render; rodtrad.policy decides who
sees what (out of reach is a 404, like a report that never existed) and the
`do_<verb>` functions in rodtrad.reports.actions change things."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as When_
from django.db.models import IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rodtrad.policy import NotFound
from rodtrad.policy.reports import (
    ReportAccess,
    ReportAction,
    ReportReason,
    can_report,
    can_view_report_statistics,
    get_report_for,
    get_reportable_child,
    is_child_welfare,
    linked_case_visible,
    received_reports,
    receiving_units_for,
    record_listed,
    sent_reports,
    statistics_consultations,
    statistics_municipalities,
    statistics_reports,
    visible_consultations,
)
from rodtrad.reports import deadlines
from rodtrad.reports.actions import (
    do_change_status,
    do_give_feedback,
    do_print_report,
    do_record_consultation,
    do_register_received_report,
    do_send_report,
    feedback_due_kind,
)
from rodtrad.reports.forms import (
    ConsultationForm,
    FeedbackForm,
    RegisterForm,
    ReportForm,
    StatisticsForm,
    StatusForm,
    apply_errors,
)
from rodtrad.reports.models import (
    OPEN_STATUSES,
    ConcernReport,
    Deadline,
    Feedback,
    Status,
    StatusChange,
)
from rodtrad.reports.statistics import MonthRow, report_statistics

if TYPE_CHECKING:
    from rodtrad.accounts.models import User
    from rodtrad.organisation.models import Unit

INBOX_PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:  # login_required made sure; this tells the type checker
        raise Http404
    return user


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _fetch(
    request: HttpRequest, report_id: int, action: ReportAction
) -> tuple[ConcernReport, ReportAccess]:
    try:
        return get_report_for(_actor(request), report_id, action)
    except NotFound:
        raise Http404 from None


def deadline_statuses(report: ConcernReport, now: Any) -> list[deadlines.DeadlineStatus]:
    """The report's deadlines with days left, in the order they fall."""
    rows = [
        deadlines.status_of(Deadline.REVIEW, report.review_due_on, report.reviewed_at, now),
        deadlines.status_of(
            Deadline.FEEDBACK, report.feedback_due_on, report.first_feedback_at, now
        ),
    ]
    if report.second_feedback_due_on is not None:
        rows.append(
            deadlines.status_of(
                Deadline.SECOND_FEEDBACK,
                report.second_feedback_due_on,
                report.second_feedback_at,
                now,
            )
        )
    return rows


def next_deadline(report: ConcernReport, now: Any) -> deadlines.DeadlineStatus | None:
    open_rows = [row for row in deadline_statuses(report, now) if not row.done]
    return min(open_rows, key=lambda row: row.due_on) if open_rows else None


# The reporter's side


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Reports the employee sent (or were sent from a unit they lead), with the feedback."""
    actor = _actor(request)
    reports = list(
        sent_reports(actor)
        .select_related("child", "receiving_unit", "reporter_unit", "reporter")
        .prefetch_related(Prefetch("feedback", queryset=Feedback.objects.order_by("given_at")))
        .order_by("-received_at", "-pk")[:200]
    )
    record_listed(actor, reports, reason=ReportReason.REPORTER)
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports,
            "can_report": can_report(actor),
            "is_child_welfare": is_child_welfare(actor),
            "can_view_statistics": can_view_report_statistics(actor),
        },
    )


def _receiving_choices(actor: User, child_id: int | None) -> list[Unit]:
    if child_id is None:
        return []
    try:
        child = get_reportable_child(actor, child_id)
    except NotFound:
        return []
    return list(receiving_units_for(child))


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not can_report(actor):
        raise Http404
    if request.method == "POST":
        child_id = _int(request.POST.get("child"))
        form = ReportForm(
            request.POST, actor=actor, receiving_choices=_receiving_choices(actor, child_id)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = do_send_report(
                    actor=actor,
                    child_id=data["child"],
                    reporter_unit_id=data["reporter_unit"],
                    receiving_unit_id=data["receiving_unit"],
                    grounds=data["grounds"],
                    observations=data["observations"],
                    acute=data["acute"],
                    guardians_told={"yes": True, "no": False}.get(data["guardians_told"]),
                    guardians_not_told_reason=data["guardians_not_told_reason"],
                    guardians_not_told_explanation=data["guardians_not_told_explanation"],
                    case_id=data["case"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The report was sent to %(unit)s.") % {"unit": report.receiving_unit.name},
                )
                return redirect("reports:detail", report_id=report.pk)
        status = 422
    else:
        child_id = _int(request.GET.get("barn"))
        initial: dict[str, Any] = {"child": child_id, "case": _int(request.GET.get("sak"))}
        form = ReportForm(
            initial=initial, actor=actor, receiving_choices=_receiving_choices(actor, child_id)
        )
        status = 200
    return render(
        request,
        "reports/new.html",
        {
            "form": form,
            "receiving_choices": _receiving_choices(actor, child_id),
            "child_id": child_id,
        },
        status=status,
    )


@login_required
@require_GET
def receivers(request: HttpRequest) -> HttpResponse:
    """htmx: who receives a report about the chosen child."""
    actor = _actor(request)
    if not can_report(actor):
        raise Http404
    child_id = _int(request.GET.get("child"))
    form = ReportForm(actor=actor, receiving_choices=_receiving_choices(actor, child_id))
    return render(
        request,
        "reports/_receivers.html",
        {
            "form": form,
            "receiving_choices": _receiving_choices(actor, child_id),
            "child_id": child_id,
        },
    )


# One report


def _detail_context(
    request: HttpRequest,
    report: ConcernReport,
    access: ReportAccess,
    *,
    status_form: StatusForm | None = None,
    feedback_form: FeedbackForm | None = None,
    done: str = "",
) -> dict[str, Any]:
    actor = _actor(request)
    now = timezone.now()
    feedback = list(report.feedback.select_related("given_by").order_by("given_at"))
    context: dict[str, Any] = {
        "report": report,
        "access": access,
        "feedback": feedback,
        "case_visible": linked_case_visible(actor, report, access),
        "done": done,
    }
    if access.as_child_welfare:
        context.update(
            {
                "deadlines": deadline_statuses(report, now),
                "history": list(
                    StatusChange.objects.filter(report=report)
                    .select_related("changed_by")
                    .order_by("changed_at", "pk")
                ),
                "status_form": status_form or StatusForm(current=report.status),
                "feedback_form": feedback_form or FeedbackForm(),
                "feedback_kind": feedback_due_kind(report),
                "can_print": access.allows(ReportAction.PRINT),
            }
        )
    else:
        context["can_print"] = True
    return context


@login_required
@require_GET
def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report, access = _fetch(request, report_id, ReportAction.READ)
    template = "reports/received.html" if access.as_child_welfare else "reports/sent.html"
    return render(request, template, _detail_context(request, report, access))


def _handled(
    request: HttpRequest,
    report_id: int,
    *,
    done: str = "",
    errors: list[str] | None = None,
    note: str = "",
    message: str = "",
) -> HttpResponse:
    """After a change, or a refused one: the handling panel for htmx, the page
    otherwise. The report is read again, so a status someone else changed
    meanwhile is what the forms offer next; what was typed is kept."""
    report, access = _fetch(request, report_id, ReportAction.HANDLE)
    context = _detail_context(
        request,
        report,
        access,
        status_form=StatusForm(initial={"note": note}, current=report.status),
        feedback_form=FeedbackForm(initial={"message": message}),
        done=done,
    )
    context["errors"] = errors or []
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reports/_handling.html", context)
    if errors:
        return render(request, "reports/received.html", context, status=422)
    messages.success(request, done)
    return redirect("reports:detail", report_id=report.pk)


def _messages(form: StatusForm | FeedbackForm, error: ValidationError | None = None) -> list[str]:
    found = [str(m) for messages_ in form.errors.values() for m in messages_]
    if error is not None:
        found += [str(m) for m in error.messages]
    return found


@login_required
@require_POST
def change_status(request: HttpRequest, report_id: int) -> HttpResponse:
    report, _access = _fetch(request, report_id, ReportAction.HANDLE)
    form = StatusForm(request.POST, current=report.status)
    note = request.POST.get("note", "")
    if not form.is_valid():
        return _handled(request, report.pk, errors=_messages(form), note=note)
    try:
        changed = do_change_status(
            report,
            actor=_actor(request),
            to_status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            expected_status=form.cleaned_data["expected_status"],
        )
    except ValidationError as error:
        return _handled(request, report.pk, errors=_messages(form, error), note=note)
    done = _("The status is now “%(status)s”.") % {"status": changed.get_status_display()}
    return _handled(request, report.pk, done=done)


@login_required
@require_POST
def give_feedback(request: HttpRequest, report_id: int) -> HttpResponse:
    report, _access = _fetch(request, report_id, ReportAction.HANDLE)
    form = FeedbackForm(request.POST)
    message = request.POST.get("message", "")
    if not form.is_valid():
        return _handled(request, report.pk, errors=_messages(form), message=message)
    try:
        do_give_feedback(report, actor=_actor(request), message=form.cleaned_data["message"])
    except ValidationError as error:
        return _handled(request, report.pk, errors=_messages(form, error), message=message)
    return _handled(request, report.pk, done=_("The feedback was given to the reporter."))


@login_required
@require_GET
def pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report, _access = _fetch(request, report_id, ReportAction.PRINT)
    content = do_print_report(report, actor=_actor(request))
    response = HttpResponse(content, content_type="application/pdf")
    # The file name carries no name or number of the child.
    response["Content-Disposition"] = f'attachment; filename="bekymringsmelding-{report.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# Child welfare's inbox


def inbox_queryset(actor: User, status: str) -> QuerySet[ConcernReport]:
    reports = received_reports(actor).select_related(
        "child", "reporter_unit", "receiving_unit", "handler"
    )
    if status == "open":
        # Open: child welfare still owes a decision or feedback.
        reports = reports.filter(
            Q(status__in=OPEN_STATUSES)
            | Q(first_feedback_at__isnull=True)
            | Q(second_feedback_due_on__isnull=False, second_feedback_at__isnull=True)
        )
    elif status in Status.values:
        reports = reports.filter(status=status)
    return reports.annotate(
        acute_first=When_(
            When(acute=True, status__in=OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("acute_first", "received_at", "pk")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not is_child_welfare(actor):
        raise Http404
    status = request.GET.get("status", "open")
    if status not in {"open", "all", *Status.values}:
        status = "open"
    page = Paginator(inbox_queryset(actor, status), INBOX_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    reports = list(page.object_list)
    record_listed(actor, reports, reason=ReportReason.RECEIVING_UNIT)
    now = timezone.now()
    rows = [(report, next_deadline(report, now)) for report in reports]
    return render(
        request,
        "reports/inbox.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "can_view_statistics": can_view_report_statistics(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Child welfare writes in a report it received by phone or letter."""
    actor = _actor(request)
    if not is_child_welfare(actor):
        raise Http404
    status = 200
    if request.method == "POST":
        form = RegisterForm(request.POST, actor=actor)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = do_register_received_report(
                    actor=actor,
                    receiving_unit_id=data["receiving_unit"],
                    identity_number=data["identity_number"],
                    source_kind=data["source_kind"],
                    received_from=data["received_from"],
                    received_at=data["received_at"],
                    grounds=data["grounds"],
                    observations=data["observations"],
                    acute=data["acute"],
                    guardians_told={"yes": True, "no": False}.get(data["guardians_told"]),
                    guardians_not_told_reason=data["guardians_not_told_reason"],
                    guardians_not_told_explanation=data["guardians_not_told_explanation"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The report was registered."))
                return redirect("reports:detail", report_id=report.pk)
        status = 422
    else:
        form = RegisterForm(actor=actor)
    return render(request, "reports/register.html", {"form": form}, status=status)


# Consultations


@login_required
@require_GET
def consultations(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not (can_report(actor) or is_child_welfare(actor)):
        raise Http404
    rows = list(
        visible_consultations(actor)
        .select_related("child_welfare_unit", "consulting_unit", "recorded_by")
        .order_by("-held_on", "-pk")[:200]
    )
    return render(
        request,
        "reports/consultations.html",
        {"consultations": rows, "can_report": can_report(actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_consultation(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not can_report(actor):
        raise Http404
    status = 200
    if request.method == "POST":
        form = ConsultationForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                data = form.cleaned_data
                do_record_consultation(
                    actor=actor,
                    consulting_unit_id=data["consulting_unit"],
                    child_welfare_unit_id=data["child_welfare_unit"],
                    held_on=data["held_on"],
                    summary=data["summary"],
                    advice=data["advice"],
                    outcome=data["outcome"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The consultation was recorded, without identity."))
                return redirect("reports:consultations")
        status = 422
    else:
        form = ConsultationForm(actor=actor)
    return render(request, "reports/new_consultation.html", {"form": form}, status=status)


# Statistics


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not can_view_report_statistics(actor):
        raise Http404
    reports = statistics_reports(actor)
    consultations_in_scope = statistics_consultations(actor)
    municipalities = list(statistics_municipalities(actor))
    form = StatisticsForm(request.GET or None, municipalities=municipalities)
    now = timezone.now()
    start, end = form.period(deadlines.local_date(now))
    number = form.cleaned_data.get("municipality") if form.is_bound and form.is_valid() else ""
    if number:
        chosen = [m.pk for m in municipalities if m.number == number]
        reports = reports.filter(municipality_id__in=chosen)
        consultations_in_scope = consultations_in_scope.filter(
            consulting_unit__municipality_id__in=chosen
        )
    figures = report_statistics(reports, consultations_in_scope, start=start, end=end, now=now)
    context = {"form": form, "figures": figures, "month_rows": _month_rows(figures.months)}
    return render(request, "reports/statistics.html", context)


def _month_rows(months: list[MonthRow]) -> SafeString:
    """The table's rows by month, made here: the template engine took ~3 ms of the
    page's ~22 ms of Python for a year's hundred cells (three years: three hundred)."""
    rows = []
    for row in months:
        month = escape(capfirst(date_format(row.month, "F Y")))
        counts = "".join(f"<td>{int(count)}</td>" for count in row.counts)
        rows.append(f'<tr><th scope="row">{month}</th>{counts}<td>{int(row.total)}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 - escaped month names and integers only
