"""Access pages: why you may see a case, breaking the glass, and the page the
unit leader is sent to when someone did. Out of reach is a 404 exactly like
a case, child or grant that does not exist."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rodtrad import policy
from rodtrad.access.actions import active_emergency_access, do_grant_emergency_access
from rodtrad.access.forms import EmergencyAccessForm
from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.organisation.models import Role
from rodtrad.people.models import Child
from rodtrad.policy.cases import get_emergency_access_for


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required made sure; this tells the type checker
        raise Http404
    return user


@login_required
@require_http_methods(["GET"])
def why(request: HttpRequest, case_id: int) -> HttpResponse:
    """Hvorfor har jeg tilgang? The reasons the policy found, in words."""
    actor = _actor(request)
    try:
        case, access = policy.get_case_for(actor, case_id)
    except policy.NotFound:
        raise Http404 from None
    grant = (
        active_emergency_access(actor, case.child)
        if policy.Reason.EMERGENCY in access.reasons
        else None
    )
    actions = [
        (label, access.allows(action))
        for action, label in (
            (policy.Action.READ, _("Read the relay log")),
            (policy.Action.WRITE, _("Write entries, measures and evaluations")),
            (policy.Action.MANAGE, _("Change the level, hand over the baton, close")),
        )
    ]
    return render(
        request,
        "access/why.html",
        {
            "case": case,
            "explanations": access.explanations(),
            "actions": actions,
            "grant": grant,
            "can_view_access_log": policy.can_view_access_log(actor, case.child),
        },
    )


def _expiry_text(grant_expires: datetime.datetime) -> str:
    local = timezone.localtime(grant_expires)
    return _("%(date)s at %(time)s") % {
        "date": date_format(local, "d.m.Y"),
        "time": date_format(local, "H:i"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def emergency(request: HttpRequest) -> HttpResponse:
    """Break the glass: the identity number goes in the body, never the URL."""
    actor = _actor(request)
    form = EmergencyAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Missing, or in a municipality none of the actor's units serves: the same answer.
        child = Child.objects.filter(identity_number=form.cleaned_data["identity_number"]).first()
        try:
            grant = do_grant_emergency_access(
                child.pk if child is not None else 0,
                actor=actor,
                reason=form.cleaned_data["reason"],
            )
        except policy.NotFound:
            form.add_error(
                "identity_number",
                _("No child with this identity number was found in the municipalities you serve."),
            )
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.warning(
                request,
                _(
                    "You have emergency access until %(expiry)s. Your leader has been told, "
                    "and the family can see it in the access log."
                )
                % {"expiry": _expiry_text(grant.expires_at)},
            )
            return redirect("access:emergency_detail", grant_id=grant.pk)
    return render(
        request,
        "access/emergency.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def emergency_detail(request: HttpRequest, grant_id: int) -> HttpResponse:
    """For the employee who broke the glass and the leaders of their unit."""
    actor = _actor(request)
    try:
        grant = get_emergency_access_for(actor, grant_id)
    except policy.NotFound:
        raise Http404 from None
    is_actor = grant.actor_id == actor.pk
    record(
        "access.emergency_read",
        actor=actor,
        obj=grant,
        child_id=grant.child_id,
        municipality_id=grant.municipality_id,
        reason="emergency" if is_actor else "unit_leader",
    )
    now = timezone.now()
    active = grant.granted_at <= now < grant.expires_at
    cases = (
        list(policy.visible_cases(actor).filter(child=grant.child).order_by("pk"))
        if is_actor and active
        else []
    )
    leaders = User.objects.filter(
        memberships__unit=grant.unit, memberships__role=Role.LEADER, is_active=True
    ).exclude(pk=grant.actor_id)
    return render(
        request,
        "access/emergency_detail.html",
        {
            "grant": grant,
            "is_actor": is_actor,
            "active": active,
            "expiry": _expiry_text(grant.expires_at),
            "cases": cases,
            "leaders": leaders,
        },
    )
