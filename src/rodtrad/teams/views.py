"""Team, referral and meeting pages.

Views parse and render; rodtrad.policy decides who sees what, and
rodtrad.teams.actions changes things. Out of reach is a 404, exactly like
what does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.cases.models import CaseUnit, Status
from rodtrad.organisation.models import Membership, Unit
from rodtrad.policy import Action
from rodtrad.policy import teams as team_policy
from rodtrad.teams import actions, queries, sections
from rodtrad.teams.forms import (
    AgendaItemForm,
    AnswerForm,
    DecisionForm,
    MeetingForm,
    ParticipantForm,
    RatingForm,
    ReferralForm,
    UpdateReferralForm,
)
from rodtrad.teams.ical import meeting_ics
from rodtrad.teams.models import (
    AgendaItem,
    Meeting,
    MeetingRating,
    ParticipantKind,
    Referral,
    ReferralStatus,
    Team,
)
from rodtrad.teams.pdf import minutes_pdf
from rodtrad.web import layout

V = TypeVar("V", bound=Callable[..., HttpResponse])


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required made sure; this tells the type checker
        raise Http404
    return user


def not_found_as_404(view: V) -> V:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except policy.NotFound:
            raise Http404 from None

    return wrapped  # type: ignore[return-value]


# -- teams --------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    teams = list(
        team_policy.visible_teams(actor)
        .filter(active=True)
        .select_related("kind", "leader", "municipality")
        .order_by("municipality__name", "name")
    )
    mine = team_policy.member_team_ids(actor)
    return render(
        request,
        "teams/team_list.html",
        {
            "my_teams": [t for t in teams if t.pk in mine],
            "other_teams": [t for t in teams if t.pk not in mine],
        },
    )


@login_required
@require_GET
@not_found_as_404
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = _actor(request)
    team = team_policy.get_team_for(actor, team_id)
    member = team_policy.is_member(actor, team)
    work = queries.team_work(actor, team) if member else None
    content = sections.team_page(team, member=member, work=work)
    return layout.page(request, escape(team.name), content)


# -- referrals ----------------------------------------------------------------------------


def _referable_cases(actor: User) -> list[tuple[int, str]]:
    cases = (
        policy.visible_cases(actor)
        .filter(status=Status.OPEN)
        .select_related("child")
        .order_by("child__family_name", "child__given_name", "id")
    )
    return [
        (case.pk, f"{case.child.full_name} ({case.get_level_display()})")
        for case in cases
        if policy.can(actor, Action.WRITE, case)
    ]


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def refer(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = _actor(request)
    team = team_policy.get_team_for(actor, team_id)
    if not team.active or not team.employees_may_refer:
        raise Http404
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        cases=_referable_cases(actor),
        allows_anonymous=team.allows_anonymous,
        initial={"case": request.GET.get("sak", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.do_refer(
                data["case"],
                actor=actor,
                team_id=team.pk,
                reason=data["reason"],
                tried=data.get("tried", ""),
                anonymous=bool(data.get("anonymous", False)),
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("The referral was sent to the team."))
            return redirect("teams:referral", referral_id=referral.pk)
    return render(
        request,
        "teams/refer.html",
        {"team": team, "form": form},
        status=422 if form.errors else 200,
    )


def _referral_context(
    actor: User, referral: Referral, view: team_policy.ReferralView, **forms: Any
) -> dict[str, Any]:
    open_for_answer = referral.status in (ReferralStatus.SUBMITTED, ReferralStatus.MORE_INFO)
    context: dict[str, Any] = {
        "referral": referral,
        "view": view,
        "label": queries.referral_label(referral, view.shows_identity),
        "identity": view.shows_identity and not referral.anonymous,
        "can_answer": view.leader and open_for_answer,
        "can_update": view.can_change and open_for_answer,
        "can_link": view.can_change and referral.anonymous and referral.is_open,
        "can_withdraw": view.can_change and referral.is_open,
        "can_complete": view.leader and referral.status == ReferralStatus.ACCEPTED,
        "meetings": Meeting.objects.filter(agenda_items__referral=referral)
        .distinct()
        .order_by("starts_at"),
    }
    if context["can_answer"]:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(
            initial={"version": referral.version}
        )
    if context["can_update"]:
        context["update_form"] = forms.get("update_form") or UpdateReferralForm(
            initial={
                "reason": referral.reason,
                "tried": referral.tried,
                "version": referral.version,
            }
        )
    return context


@login_required
@require_GET
@not_found_as_404
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral, view = team_policy.get_referral_for(actor, referral_id)
    return render(request, "teams/referral.html", _referral_context(actor, referral, view))


@login_required
@require_POST
@not_found_as_404
def referral_answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral, view = team_policy.get_referral_for(actor, referral_id)
    if not view.leader:
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.do_answer_referral(
                referral.pk,
                actor=actor,
                answer=form.cleaned_data["answer"],
                text=form.cleaned_data.get("text", ""),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("The answer was sent to the referrer."))
            return redirect("teams:referral", referral_id=referral.pk)
    context = _referral_context(actor, referral, view, answer_form=form)
    return render(request, "teams/referral.html", context, status=422)


@login_required
@require_POST
@not_found_as_404
def referral_update(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral, view = team_policy.get_referral_for(actor, referral_id)
    if not view.can_change:
        raise Http404
    form = UpdateReferralForm(request.POST)
    if form.is_valid():
        try:
            actions.do_update_referral(
                referral.pk,
                actor=actor,
                reason=form.cleaned_data["reason"],
                tried=form.cleaned_data.get("tried", ""),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("The referral went back to the team."))
            return redirect("teams:referral", referral_id=referral.pk)
    context = _referral_context(actor, referral, view, update_form=form)
    return render(request, "teams/referral.html", context, status=422)


def _referral_step(
    request: HttpRequest, referral_id: int, step: Callable[[User, int], str]
) -> HttpResponse:
    actor = _actor(request)
    try:
        message = step(actor, referral_id)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("teams:referral", referral_id=referral_id)


@login_required
@require_POST
@not_found_as_404
def referral_link(request: HttpRequest, referral_id: int) -> HttpResponse:
    def step(actor: User, pk: int) -> str:
        left = actions.do_link_referral(pk, actor=actor)
        if left:
            return _(
                "The discussion is linked with consent. Some decisions name a unit that does "
                "not take part in the relay log, and are not measures yet."
            )
        return _("The discussion is linked with consent to the relay log.")

    return _referral_step(request, referral_id, step)


@login_required
@require_POST
@not_found_as_404
def referral_withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    def step(actor: User, pk: int) -> str:
        actions.do_close_referral(pk, actor=actor, withdraw=True)
        return _("The referral was withdrawn.")

    return _referral_step(request, referral_id, step)


@login_required
@require_POST
@not_found_as_404
def referral_complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    def step(actor: User, pk: int) -> str:
        actions.do_close_referral(pk, actor=actor)
        return _("The team's work with the referral is completed.")

    return _referral_step(request, referral_id, step)


# -- meetings -----------------------------------------------------------------------------


def _accepted_referrals(actor: User, team: Team) -> list[tuple[int, str]]:
    accepted = list(
        team.referrals.filter(status=ReferralStatus.ACCEPTED).select_related("case__child")
    )
    # The choices name the children of the relay logs the member reads: recorded
    # as the team's page records them.
    readable = team_policy.readable_and_listed(
        actor,
        {r.case_id for r in accepted},
        team_id=team.pk,
        named={(r.case_id, r.case.child_id) for r in accepted if not r.anonymous},
    )
    return [(r.pk, queries.referral_label(r, r.case_id in readable)) for r in accepted]


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def meeting_new(request: HttpRequest, team_id: int | None = None) -> HttpResponse:
    actor = _actor(request)
    team = None
    case = None
    if team_id is not None:
        team = team_policy.get_team_for(actor, team_id)
        if not team_policy.is_member(actor, team):
            raise Http404
        referral_choices = _accepted_referrals(actor, team)
    else:
        try:
            case_id = int(request.GET.get("sak", ""))
        except ValueError:
            raise Http404 from None
        case, _access = policy.get_case_for(actor, case_id, Action.WRITE)
        referral_choices = []
    form = MeetingForm(
        request.POST if request.method == "POST" else None, referrals=referral_choices
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        data = form.cleaned_data
        try:
            meeting = actions.do_schedule_meeting(
                actor=actor,
                team_id=team.pk if team else None,
                case_id=case.pk if case else None,
                title=data["title"],
                starts_at=starts_at,
                ends_at=ends_at,
                place=data.get("place", ""),
                video_link=data.get("video_link", ""),
                referral_ids=data.get("referrals", []),
                topics=form.topic_list(),
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("The meeting was planned and the participants invited."))
            return redirect("teams:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "teams/meeting_new.html",
        {"team": team, "case": case, "form": form},
        status=422 if form.errors else 200,
    )


def _family_choices(items: list[queries.ItemView]) -> list[tuple[str, str]]:
    """Guardians and the child of the items whose identity the actor sees."""
    people = []
    for view in items:
        if not view.identity or view.item.case is None:
            continue
        child = view.item.case.child
        for guardianship in child.guardianships.select_related("guardian"):
            people.append(
                (
                    f"guardian:{guardianship.guardian_id}:{view.item.pk}",
                    _("%(name)s (guardian of %(child)s)")
                    % {"name": guardianship.guardian, "child": child.given_name},
                )
            )
        people.append((f"child:{child.pk}:{view.item.pk}", child.full_name))
    return people


def _employee_choices(meeting: Meeting) -> list[tuple[str, str]]:
    users = (
        User.objects.filter(
            is_active=True,
            memberships__unit__in=Unit.objects.serving(meeting.municipality).values("pk"),
        )
        .exclude(meeting_participations__meeting=meeting)
        .distinct()
        .order_by("first_name", "last_name")
    )
    return [(f"employee:{user.pk}:", str(user)) for user in users[:200]]


def _responsible_choices(meeting: Meeting, item: AgendaItem) -> list[tuple[str, str]]:
    """Employees with the unit they answer for; for a case, the units taking part."""
    if item.case_id is not None and not item.anonymous:
        units = Unit.objects.filter(
            pk__in=CaseUnit.objects.filter(case_id=item.case_id).values("unit_id")
        )
    else:
        units = Unit.objects.serving(meeting.municipality)
    people = []
    memberships = (
        Membership.objects.filter(unit__in=units.values("pk"), user__is_active=True)
        .select_related("user", "unit")
        .order_by("user__first_name", "unit__name")
    )
    for membership in memberships[:300]:
        people.append(
            (f"{membership.user_id}:{membership.unit_id}", f"{membership.user} – {membership.unit}")
        )
    return people


def _meeting_context(
    actor: User, meeting: Meeting, view: team_policy.MeetingView
) -> dict[str, Any]:
    items = queries.agenda(actor, meeting)
    identity_items = {v.item.pk for v in items if v.identity}
    participants = queries.participants(meeting)
    minutes = queries.minutes_of(meeting)
    held = meeting.starts_at <= timezone.now()
    ratings = {r.participant_id: r for r in MeetingRating.objects.filter(meeting=meeting)}
    family = [
        (p.pk, queries.participant_name(p, identity_items))
        for p in participants
        if p.is_family and p.pk not in ratings
    ]
    context: dict[str, Any] = {
        "meeting": meeting,
        "view": view,
        "items": items,
        "participants": [
            {
                "participant": p,
                "name": queries.participant_name(p, identity_items),
                "rating": ratings.get(p.pk),
            }
            for p in participants
        ],
        "minutes": minutes,
        "held": held,
        "approved": minutes is not None and minutes.approved,
    }
    if view.can_write_minutes and not context["approved"]:
        context["participant_form"] = ParticipantForm(
            people=_family_choices(items) + _employee_choices(meeting)
        )
        if meeting.team is not None:
            context["agenda_form"] = AgendaItemForm(
                referrals=_accepted_referrals(actor, meeting.team)
            )
    if view.can_write_minutes and held and family:
        context["rating_form"] = RatingForm(family=family)
    return context


@login_required
@require_GET
@not_found_as_404
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    return render(request, "teams/meeting.html", _meeting_context(actor, meeting, view))


@login_required
@require_GET
@not_found_as_404
def meeting_ics_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mote-{meeting.pk}.ics"'
    return response


def _meeting_step(
    request: HttpRequest, meeting_id: int, form: Any, step: Callable[[], str]
) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    if not view.can_write_minutes:
        raise Http404
    if form.is_valid():
        try:
            message = step()
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, message)
            return redirect("teams:meeting", meeting_id=meeting.pk)
    for _anchor, text in form.error_summary():
        messages.error(request, text)
    return redirect("teams:meeting", meeting_id=meeting.pk)


@login_required
@require_POST
@not_found_as_404
def meeting_add_participant(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    if not view.can_write_minutes:
        raise Http404
    value = request.POST.get("person", "")
    form = ParticipantForm(request.POST, people=[(value, value)] if value else [])

    def step() -> str:
        kind, _sep, rest = form.cleaned_data["person"].partition(":")
        person, _sep, item = rest.partition(":")
        try:
            person_id = int(person)
            item_id = int(item) if item else None
        except ValueError:
            raise ValidationError({"person": [_("Choose a person")]}) from None
        actions.do_add_participant(
            meeting.pk,
            actor=actor,
            kind=kind,
            user_id=person_id if kind == ParticipantKind.EMPLOYEE else None,
            guardian_id=person_id if kind == ParticipantKind.GUARDIAN else None,
            agenda_item_id=item_id,
        )
        return _("The participant was invited.")

    return _meeting_step(request, meeting_id, form, step)


@login_required
@require_POST
@not_found_as_404
def meeting_add_item(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    choices = _accepted_referrals(actor, meeting.team) if meeting.team else []
    form = AgendaItemForm(request.POST, referrals=choices)

    def step() -> str:
        actions.do_add_agenda_item(
            meeting.pk,
            actor=actor,
            referral_id=form.cleaned_data.get("referral"),
            topic=form.cleaned_data.get("topic", ""),
        )
        return _("The item was added to the agenda.")

    return _meeting_step(request, meeting_id, form, step)


@login_required
@require_POST
@not_found_as_404
def meeting_rate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    family = [(p.pk, str(p.pk)) for p in meeting.participants.all() if p.is_family]
    form = RatingForm(request.POST, family=family)

    def step() -> str:
        data = form.cleaned_data
        actions.do_record_rating(
            meeting.pk,
            actor=actor,
            participant_id=data["participant"],
            useful=data["useful"],
            heard=data["heard"],
            comment=data.get("comment", ""),
        )
        return _("The rating was recorded on their behalf.")

    return _meeting_step(request, meeting_id, form, step)


# -- minutes ------------------------------------------------------------------------------


def _minutes_context(
    actor: User, meeting: Meeting, view: team_policy.MeetingView
) -> dict[str, Any]:
    context = _meeting_context(actor, meeting, view)
    editing = view.can_write_minutes and not context["approved"]
    context["editing"] = editing
    if editing:
        context["decision_forms"] = {
            item_view.item.pk: DecisionForm(
                prefix=f"decision-{item_view.item.pk}",
                people=_responsible_choices(meeting, item_view.item),
            )
            for item_view in context["items"]
            if item_view.visible
        }
    return context


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    if request.method == "POST":
        if not view.can_write_minutes:
            raise Http404
        present = {
            p.pk: str(p.pk) in request.POST.getlist("present") for p in meeting.participants.all()
        }
        items = {
            item.pk: {
                name: request.POST.get(f"item-{item.pk}-{name}", "") for name in actions.ITEM_FIELDS
            }
            for item in meeting.agenda_items.all()
        }
        try:
            version = int(request.POST.get("version") or 0) or None
            actions.do_save_minutes(
                meeting.pk,
                actor=actor,
                notes=request.POST.get("notes", ""),
                present=present,
                items=items,
                version=version,
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            context = _minutes_context(actor, meeting, view)
            context["posted"] = request.POST
            return render(request, "teams/minutes.html", context, status=422)
        messages.success(request, _("The draft minutes were saved."))
        return redirect("teams:minutes", meeting_id=meeting.pk)
    return render(request, "teams/minutes.html", _minutes_context(actor, meeting, view))


@login_required
@require_POST
@not_found_as_404
def minutes_add_decision(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    item = meeting.agenda_items.select_related("referral").filter(pk=item_id).first()
    if item is None or not view.can_write_minutes:
        raise Http404
    form = DecisionForm(
        request.POST, prefix=f"decision-{item.pk}", people=_responsible_choices(meeting, item)
    )
    if form.is_valid():
        responsible_id, unit_id = form.responsible_ids()
        try:
            actions.do_add_decision(
                item.pk,
                actor=actor,
                text=form.cleaned_data["text"],
                responsible_id=responsible_id,
                responsible_unit_id=unit_id,
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("The decision was added."))
            return redirect(reverse("teams:minutes", args=[meeting.pk]) + f"#punkt-{item.pk}")
    context = _minutes_context(actor, meeting, view)
    context["decision_forms"][item.pk] = form
    return render(request, "teams/minutes.html", context, status=422)


@login_required
@require_POST
@not_found_as_404
def minutes_remove_decision(
    request: HttpRequest, meeting_id: int, decision_id: int
) -> HttpResponse:
    actor = _actor(request)
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    if not meeting.agenda_items.filter(decisions__pk=decision_id).exists():
        raise Http404
    try:
        actions.do_remove_decision(decision_id, actor=actor)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The decision was removed."))
    return redirect("teams:minutes", meeting_id=meeting.pk)


@login_required
@require_POST
@not_found_as_404
def minutes_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    if not view.leader:
        raise Http404
    try:
        actions.do_approve_minutes(meeting.pk, actor=actor)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _(
                "The minutes are approved and sent to every participant. The decisions are "
                "measures in the action plans."
            ),
        )
    return redirect("teams:minutes", meeting_id=meeting.pk)


@login_required
@require_GET
@not_found_as_404
def minutes_pdf_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    context = _meeting_context(actor, meeting, view)
    if not context["approved"] and not view.can_write_minutes:
        raise Http404
    html = render_to_string("teams/minutes_pdf.html", context, request=request)
    actions.record_minutes_printed(meeting, actor=actor)
    response = HttpResponse(minutes_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="referat-{meeting.pk}.pdf"'
    return response
