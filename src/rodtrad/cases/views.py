"""The relay log pages. Views parse input and render; actions.py decides and changes.

Every page fetches the case through policy.get_case_for with the action it
needs (that writes the audit event), so a case out of reach is a 404 that
looks like one that never existed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.cases import actions, cards, queries, sections
from rodtrad.cases.forms import (
    ENTRY_SLUGS,
    AskLeaderForm,
    CloseForm,
    DeclineForm,
    EvaluationForm,
    HandoverForm,
    LeaderDecisionForm,
    LevelForm,
    MeasureForm,
    OpenCaseForm,
    ReopenForm,
    UnitForm,
    VersionForm,
    entry_form,
)
from rodtrad.cases.models import (
    WRITTEN_KINDS,
    Case,
    CaseUnit,
    Entry,
    EntryKind,
    Evaluation,
    Handover,
    HandoverStatus,
)
from rodtrad.core.links import link
from rodtrad.organisation.models import Unit
from rodtrad.policy import Action, CaseAccess, NotFound
from rodtrad.web import layout

F = TypeVar("F", bound=Callable[..., HttpResponse])


def employee_page(view: F) -> F:
    """Logged in, and NotFound from the policy or a do_ function becomes a plain 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper  # type: ignore[return-value]


def actor_of(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required made sure; this tells the type checker
        raise PermissionDenied
    return user


def _case(
    request: HttpRequest, case_id: int, action: Action = Action.READ
) -> tuple[Case, CaseAccess]:
    return policy.get_case_for(actor_of(request), case_id, action)


def _context(case: Case, access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {
        "case": case,
        "access": access,
        "can_read": access.allows(Action.READ),
        "can_write": sections.may_write(case, access),
        "can_manage": access.allows(Action.MANAGE),
        **extra,
    }


# -- the case page's links ------------------------------------------------------------------

_CASE_LINKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("detail", "cases:detail", ()),
    ("timeline", "cases:timeline", ()),
    ("pdf", "cases:pdf", ()),
    ("observation", "cases:add_entry", ("observasjon",)),
    ("bright_spot", "cases:add_entry", ("lysglimt",)),
    ("conversation", "cases:add_entry", ("samtale",)),
    ("concern", "cases:add_entry", ("undring",)),
    ("note", "cases:add_entry", ("notat",)),
    ("ask_leader", "cases:ask_leader", ()),
    ("leader_decision", "cases:leader_decision", ()),
    ("level", "cases:level", ()),
    ("add_unit", "cases:add_unit", ()),
    ("offer_handover", "cases:offer_handover", ()),
    ("close", "cases:close", ()),
    ("reopen", "cases:reopen", ()),
    ("add_measure", "cases:add_measure", ()),
    ("add_evaluation", "cases:add_evaluation", ()),
)
# A case id no case has: each link is reversed once with it, as core.links does.
_ANY_CASE = 987_654_319


@functools.lru_cache(maxsize=16)
def _case_link_formats(prefix: str, language: str | None) -> tuple[tuple[str, str], ...]:
    """_CASE_LINKS as format strings ("/saker/{0}/tidslinje/"), per script prefix and
    language (what reverse() depends on): nineteen link() calls cost ~0.2 ms a page."""
    return (
        *(
            (key, link(name, _ANY_CASE, *rest).replace(str(_ANY_CASE), "{0}"))
            for key, name, rest in _CASE_LINKS
        ),
        ("home", link("home")),
        ("stylesheet", static("cases/cases.css")),
    )


def _case_links(case: Case, language: str | None) -> dict[str, str]:
    """Every link of the case page and the timeline's header."""
    links = {
        key: address.format(case.pk)
        for key, address in _case_link_formats(get_script_prefix(), language)
    }
    links["consents"] = link("consent:list", case.child_id)
    return links


def _page(case: Case, access: CaseAccess, language: str | None) -> sections.Page:
    return sections.Page.of(case, access, _case_links(case, language), language)


def _done(request: HttpRequest, case: Case, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(link("cases:detail", case.pk) + anchor)


def _form_page(
    request: HttpRequest,
    case: Case,
    access: CaseAccess,
    form: Any,
    *,
    title: str,
    intro: str = "",
    submit: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "cases/form.html",
        _context(case, access, form=form, title=title, intro=intro, submit=submit, **extra),
        status=status,
    )


# -- opening a case ----------------------------------------------------------------------


@employee_page
@require_http_methods(["GET", "POST"])
def new_case(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    children = policy.visible_children(actor).order_by("family_name", "given_name")
    units = Unit.objects.filter(pk__in=policy.member_unit_ids(actor)).order_by("name")
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    if request.GET.get("barn", "").isdigit():
        initial["child"] = int(request.GET["barn"])
    if len(units) == 1:
        initial["unit"] = units[0].pk
    form = OpenCaseForm(request.POST or None, children=children, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.do_open_case(
                actor=actor,
                child_id=data["child"].pk,
                unit_id=data["unit"].pk,
                concern=data["concern"],
                occurred_on=data["occurred_on"],
                categories=data["categories"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The relay log is opened. You hold the baton."))
    return render(
        request,
        "cases/new.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


# -- the case and its timeline -------------------------------------------------------------


@employee_page
@require_http_methods(["GET"])
def detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id)
    page = _page(case, access, get_language())
    found = queries.panels(case, timezone.localdate())
    entries = cards.entries_html(
        found.latest, case_id=case.pk, actor_id=actor_of(request).pk, can_write=page.can_write
    )
    return layout.page(request, sections.title(page), sections.detail(page, found, entries))


# A page of the timeline. Twenty: what a teacher looks for at the end of the day is
# what happened lately, and a case with years of entries still renders fast. "Show
# more" (or the next page without JavaScript) reaches every entry; the PDF always
# has them all. Fifty cost twice the rendering for entries few scroll down to.
TIMELINE_PAGE_SIZE = 20


@employee_page
@require_http_methods(["GET"])
def timeline(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id)
    language = get_language()
    page = _page(case, access, language)
    chosen = [k for k in request.GET.getlist("kind") if k in EntryKind.values]
    found = queries.timeline_page(case.pk, chosen, request.GET.get("side"), TIMELINE_PAGE_SIZE)
    htmx = request.htmx  # type: ignore[attr-defined]
    # "Show more" appends the next page to the list already on the screen.
    appending = bool(htmx) and htmx.target == "timeline-entries"
    entries = cards.entries_html(
        found.rows,
        case_id=case.pk,
        actor_id=actor_of(request).pk,
        can_write=page.can_write,
        focus_first=appending,
    )
    shown = sections.Timeline(found, entries, chosen, appending)
    if appending:
        return HttpResponse(sections.timeline_more(page, shown))
    if htmx:
        return HttpResponse(sections.timeline_list(page, shown, htmx=True))
    options = _kind_options(language, frozenset(chosen))
    return layout.page(request, escape(_("Timeline")), sections.timeline(page, shown, options))


@functools.lru_cache(maxsize=64)
def _kind_options(language: str | None, chosen: frozenset[str]) -> str:
    """The filter's checkboxes (~0.2 ms to render): nothing in them depends on who
    looks or at which case, so they are rendered once per language and choice."""
    labels = cards.texts(language).kinds
    kinds = [(value, label, value in chosen) for value, label in labels.items()]
    return SafeString(render_to_string("cases/_kind_options.html", {"kinds": kinds}))


@employee_page
@require_http_methods(["GET"])
def pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The whole relay log as a PDF. A print is an export: audited as case.printed."""
    from weasyprint import HTML

    actor = actor_of(request)
    case, access = _case(request, case_id)
    html = render_to_string(
        "cases/print.html",
        {
            "case": case,
            "entries": list(queries.timeline(case)),
            "measures": list(queries.measures(case)),
            "case_units": list(
                CaseUnit.objects.filter(case=case).select_related("unit").order_by("unit__name")
            ),
            "printed_by": actor,
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    actions.record_printed(case, actor=actor, access=access)
    response = HttpResponse(document, content_type="application/pdf")
    # The file name carries no name or number: only the case id.
    response["Content-Disposition"] = f'inline; filename="stafettlogg-{case.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# -- writing in the timeline ---------------------------------------------------------------

ENTRY_TITLES = {
    EntryKind.CONCERN: gettext_lazy("Write down what you wonder about"),
    EntryKind.OBSERVATION: gettext_lazy("Write down an observation"),
    EntryKind.BRIGHT_SPOT: gettext_lazy("Write down a bright spot"),
    EntryKind.CONVERSATION: gettext_lazy("Write down a conversation"),
    EntryKind.NOTE: gettext_lazy("Write a note"),
}


@employee_page
@require_http_methods(["GET", "POST"])
def add_entry(request: HttpRequest, case_id: int, slug: str) -> HttpResponse:
    kind = ENTRY_SLUGS.get(slug)
    if kind is None:
        raise Http404
    case, access = _case(request, case_id, Action.WRITE)
    form = entry_form(kind)(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_entry(
                case.pk,
                actor=actor_of(request),
                authorised=(case, access),
                kind=kind,
                text=data["text"],
                occurred_on=data["occurred_on"],
                categories=data.get("categories") or [],
                conversation_with=data.get("conversation_with") or "",
                child_words=data.get("child_words") or "",
                guardians_view=data.get("guardians_view") or "",
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("Saved in the timeline."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=str(ENTRY_TITLES[EntryKind(kind)]),
        submit=_("Save"),
        status=422 if form.errors else 200,
        kind=kind,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def edit_entry(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    actor = actor_of(request)
    case, access = _case(request, case_id, Action.WRITE)
    entry = Entry.objects.filter(
        pk=entry_id, case=case, author=actor, kind__in=WRITTEN_KINDS
    ).first()
    if entry is None:
        raise Http404
    initial = {name: getattr(entry, name) for name in ("version", *actions.ENTRY_EDITABLE)}
    form = entry_form(entry.kind)(request.POST or None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in actions.ENTRY_EDITABLE if name in data}
        try:
            actions.do_update_entry(entry.pk, actor=actor, version=data["version"] or 0, **changes)
        except actions.StaleVersion as stale:
            current = stale.current
            form = _stale_form(entry_form(entry.kind), request, current, stale)
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The entry is changed."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=str(ENTRY_TITLES[EntryKind(entry.kind)]),
        submit=_("Save changes"),
        status=409 if current else (422 if form.errors else 200),
        current_entry=current,
        kind=entry.kind,
    )


def _with_version(request: HttpRequest, current: Any) -> Any:
    """The actor's own input, kept, with the version they have now seen."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    return data


def _stale_form(
    form_class: Any,
    request: HttpRequest,
    current: Any,
    stale: actions.StaleVersion,
    **kwargs: Any,
) -> Any:
    """The form again after someone else saved first: the actor's input kept, the
    version they have now seen, and the message why nothing was saved."""
    form = form_class(_with_version(request, current), **kwargs)
    form.is_valid()
    form.add_error(None, stale.messages)
    return form


# -- leader, level, units, close, reopen ---------------------------------------------------


@employee_page
@require_http_methods(["GET", "POST"])
def ask_leader(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.WRITE)
    form = AskLeaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_ask_leader(case.pk, actor=actor_of(request), text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("Your leader has been asked to look at the relay log."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Ask your leader"),
        intro=_(
            "Your leader gets a notification without names and records the decision "
            "(lederforankret beslutning)."
        ),
        submit=_("Ask the leader"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def leader_decision(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case, access = _case(request, case_id, Action.WRITE)
    form = LeaderDecisionForm(request.POST or None, case=case, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_leader_decision(
                case.pk,
                actor=actor,
                decision=data["decision"],
                text=data["text"],
                decided_by_id=data["decided_by"].pk,
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The leader's decision is recorded."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Record the leader's decision"),
        submit=_("Record the decision"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def change_level(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.MANAGE)
    form = LevelForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_change_level(
                case.pk,
                actor=actor_of(request),
                level=data["level"],
                reason=data["reason"],
                version=data["version"],
            )
        except actions.StaleVersion as stale:
            form = _stale_form(LevelForm, request, stale.current, stale)
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The level is changed."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Change the level"),
        submit=_("Change the level"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def add_unit(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.MANAGE)
    units = (
        Unit.objects.serving(case.municipality)
        .exclude(pk__in=CaseUnit.objects.filter(case=case).values("unit_id"))
        .order_by("name")
    )
    form = UnitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_case_unit(
                case.pk, actor=actor_of(request), unit_id=form.cleaned_data["unit"].pk
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The unit takes part in the relay log."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Add a unit"),
        intro=_(
            "Another service joins only when the guardians' consent for collaboration covers it."
        ),
        submit=_("Add the unit"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.MANAGE)
    form = CloseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_close_case(
                case.pk,
                actor=actor_of(request),
                reason=data["reason"],
                guardians_informed=data["guardians_informed"],
                version=data["version"],
            )
        except actions.StaleVersion as stale:
            form = _stale_form(CloseForm, request, stale.current, stale)
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The relay log is closed."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Close the relay log"),
        submit=_("Close the relay log"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.MANAGE)
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_reopen_case(
                case.pk, actor=actor_of(request), reason=data["reason"], version=data["version"]
            )
        except actions.StaleVersion as stale:
            form = _stale_form(ReopenForm, request, stale.current, stale)
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The relay log is open again. You hold the baton."))
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Reopen the relay log"),
        submit=_("Reopen"),
        status=422 if form.errors else 200,
    )


# -- the action plan -----------------------------------------------------------------------


@employee_page
@require_http_methods(["GET", "POST"])
def add_measure(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.WRITE)
    actor = actor_of(request)
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "starts_on": today,
        "evaluate_on": today + datetime.timedelta(weeks=6),
    }
    form = MeasureForm(request.POST or None, case=case, initial=initial)
    mine = form.fields["responsible"].queryset.filter(user=actor).first()  # type: ignore[attr-defined]
    if mine is not None:
        form.fields["responsible"].initial = mine.pk
    if request.method == "POST" and form.is_valid():
        values = form.domain_values()
        try:
            actions.do_add_measure(
                case.pk,
                actor=actor,
                goal=values["goal"],
                description=values["description"],
                responsible_id=values["responsible"],
                responsible_unit_id=values["responsible_unit"],
                starts_on=values["starts_on"],
                evaluate_on=values["evaluate_on"],
                intervention=values["intervention"],
                status=values["status"],
            )
        except ValidationError as error:
            form.add_domain_errors(error, {"responsible_unit": "responsible"})
        else:
            return _done(request, case, _("The measure is added to the action plan."), "#plan")
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("New measure"),
        submit=_("Add the measure"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def edit_measure(request: HttpRequest, case_id: int, measure_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.WRITE)
    measure = queries.measures(case).filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    form = MeasureForm(request.POST or None, case=case, initial=MeasureForm.initial_for(measure))
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_measure(
                measure.pk,
                actor=actor_of(request),
                version=form.cleaned_data["version"] or 0,
                **form.domain_values(),
            )
        except actions.StaleVersion as stale:
            # Nothing is lost: their text stays in the form, the saved measure is shown.
            current = queries.measures(case).get(pk=measure.pk)
            form = _stale_form(MeasureForm, request, current, stale, case=case)
        except ValidationError as error:
            form.add_domain_errors(error, {"responsible_unit": "responsible"})
        else:
            return _done(request, case, _("The measure is saved."), f"#measure-{measure.pk}")
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Change the measure"),
        submit=_("Save the measure"),
        status=409 if current else (422 if form.errors else 200),
        current_measure=current,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def add_evaluation(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.WRITE)
    initial: dict[str, Any] = {}
    if request.GET.get("tiltak", "").isdigit():
        initial["measure"] = int(request.GET["tiltak"])
    form = EvaluationForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_evaluation(
                case.pk,
                actor=actor_of(request),
                measure_id=data["measure"].pk if data["measure"] else None,
                held_on=data["held_on"],
                participants=data["participants"],
                child_took_part=data["child_took_part"],
                guardians_took_part=data["guardians_took_part"],
                child_view=data["child_view"],
                guardians_view=data["guardians_view"],
                result=data["result"],
                decision=data["decision"],
                notes=data["notes"],
                next_evaluate_on=data["next_evaluate_on"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The evaluation is saved."), "#plan")
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Evaluate"),
        intro=_("Evaluate with the child and the guardians: their view comes first."),
        submit=_("Save the evaluation"),
        status=422 if form.errors else 200,
    )


@employee_page
@require_http_methods(["GET", "POST"])
def edit_evaluation(request: HttpRequest, case_id: int, evaluation_id: int) -> HttpResponse:
    case, access = _case(request, case_id, Action.WRITE)
    evaluation = Evaluation.objects.filter(pk=evaluation_id, case=case).first()
    if evaluation is None:
        raise Http404
    initial = {
        name: getattr(evaluation, name) for name in ("version", *actions.EVALUATION_EDITABLE)
    }
    form = EvaluationForm(request.POST or None, case=case, editing=True, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in actions.EVALUATION_EDITABLE}
        try:
            actions.do_update_evaluation(
                evaluation.pk, actor=actor_of(request), version=data["version"] or 0, **changes
            )
        except actions.StaleVersion as stale:
            current = stale.current
            form = _stale_form(EvaluationForm, request, current, stale, case=case, editing=True)
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            return _done(request, case, _("The evaluation is saved."), "#plan")
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Change the evaluation"),
        submit=_("Save the evaluation"),
        status=409 if current else (422 if form.errors else 200),
        current_evaluation=current,
    )


# -- handing over the baton ----------------------------------------------------------------


@employee_page
@require_http_methods(["GET", "POST"])
def offer_handover(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case, access = _case(request, case_id, Action.MANAGE)
    form = HandoverForm(
        request.POST or None, case=case, actor=actor, initial={"version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_offer_handover(
                case.pk,
                actor=actor,
                to_user_id=data["to"].user_id,
                to_unit_id=data["to"].unit_id,
                message=data["message"],
                version=data["version"],
            )
        except actions.StaleVersion as stale:
            form = _stale_form(HandoverForm, request, stale.current, stale, case=case, actor=actor)
        except ValidationError as error:
            form.add_domain_errors(error, {"to_user": "to", "to_unit": "to"})
        else:
            return _done(
                request,
                case,
                _("The baton is offered. You stay responsible until it is accepted."),
            )
    return _form_page(
        request,
        case,
        access,
        form,
        title=_("Hand over the baton"),
        intro=_(
            "You stay the baton holder and responsible until the new baton holder accepts. "
            "The family must be told who holds the baton."
        ),
        submit=_("Offer the baton"),
        status=422 if form.errors else 200,
    )


def _handover_case(
    request: HttpRequest, case_id: int, handover_id: int
) -> tuple[Case, CaseAccess, Handover]:
    """The offered employee answers the offer; everyone else needs to read the case."""
    actor = actor_of(request)
    offered = Handover.objects.filter(
        pk=handover_id, case_id=case_id, to_user_id=actor.pk, status=HandoverStatus.OFFERED
    ).exists()
    case, access = _case(request, case_id, Action.ANSWER_HANDOVER if offered else Action.READ)
    handover = queries.handovers(case).filter(pk=handover_id).first()
    if handover is None:
        raise Http404
    return case, access, handover


@employee_page
@require_http_methods(["GET"])
def handover(request: HttpRequest, case_id: int, handover_id: int) -> HttpResponse:
    case, access, found = _handover_case(request, case_id, handover_id)
    return render(
        request,
        "cases/handover.html",
        _context(
            case,
            access,
            handover=found,
            may_answer=access.allows(Action.ANSWER_HANDOVER)
            and found.status == HandoverStatus.OFFERED,
            decline_form=DeclineForm(initial={"version": found.version}),
            version_form=VersionForm(initial={"version": found.version}),
        ),
    )


@employee_page
@require_POST
def accept_handover(request: HttpRequest, case_id: int, handover_id: int) -> HttpResponse:
    form = VersionForm(request.POST)
    form.is_valid()
    try:
        actions.do_accept_handover(
            case_id, handover_id, actor=actor_of(request), version=form.cleaned_data.get("version")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("cases:handover", args=[case_id, handover_id]))
    messages.success(request, _("You hold the baton now."))
    return HttpResponseRedirect(reverse("cases:detail", args=[case_id]))


@employee_page
@require_http_methods(["POST"])
def decline_handover(request: HttpRequest, case_id: int, handover_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            actions.do_decline_handover(
                case_id,
                handover_id,
                actor=actor_of(request),
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("You declined the baton. The baton holder is told."))
            return HttpResponseRedirect(reverse("home"))
    case, access, found = _handover_case(request, case_id, handover_id)
    return render(
        request,
        "cases/handover.html",
        _context(
            case,
            access,
            handover=found,
            may_answer=access.allows(Action.ANSWER_HANDOVER)
            and found.status == HandoverStatus.OFFERED,
            decline_form=form,
            version_form=VersionForm(initial={"version": found.version}),
        ),
        status=422,
    )


@employee_page
@require_POST
def withdraw_handover(request: HttpRequest, case_id: int, handover_id: int) -> HttpResponse:
    form = VersionForm(request.POST)
    form.is_valid()
    try:
        actions.do_withdraw_handover(
            case_id, handover_id, actor=actor_of(request), version=form.cleaned_data.get("version")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("cases:detail", args=[case_id]))
    messages.success(request, _("The offer is withdrawn. You still hold the baton."))
    return HttpResponseRedirect(reverse("cases:detail", args=[case_id]))
