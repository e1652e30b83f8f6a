"""Consent pages: a child's consents in plain words, register, withdraw.

Views parse and render; rodtrad.policy decides who sees the child and
rodtrad.consent.actions changes consents. A child out of reach is a 404
exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.consent.actions import do_register_consent, do_withdraw_consent
from rodtrad.consent.forms import ConsentForm, WithdrawForm
from rodtrad.consent.models import Consent, Decision, InformationCategory, Method, Purpose
from rodtrad.consent.queries import consents_of, read_consents
from rodtrad.consent.rules import describe, required_parties, status
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.people.models import Child, Guardianship


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required made sure; this tells the type checker
        raise Http404
    return user


def _child(actor: User, child_id: int) -> Child:
    try:
        return policy.get_child_basic_for(actor, child_id)
    except policy.NotFound:
        raise Http404 from None


def _guardianships(child: Child) -> list[Guardianship]:
    return list(
        child.guardianships.select_related("guardian").order_by(
            "-parental_responsibility", "guardian__family_name", "guardian__given_name"
        )
    )


def _who_must_consent(child: Child, guardianships: list[Guardianship]) -> str:
    required = required_parties(child, timezone.localdate())
    if required.youth:
        return _(
            "%(name)s is %(age)s and gives or refuses consent themself "
            "(from %(limit)s in %(municipality)s)."
        ) % {
            "name": child.given_name,
            "age": child.age_on(timezone.localdate()),
            "limit": child.municipality.youth_consent_age,
            "municipality": child.municipality.name,
        }
    names = [str(g.guardian) for g in guardianships if g.guardian_id in required.guardian_ids]
    if not names:
        return _(
            "No guardian with parental responsibility is registered. "
            "Ask the administrator to register the guardians before consent is given."
        )
    return _("Every guardian with parental responsibility must say yes: %(names)s.") % {
        "names": ", ".join(names)
    }


def _item(consent: Consent) -> dict[str, Any]:
    current = status(consent)
    return {
        "consent": consent,
        "status": current,
        "sentences": describe(consent),
        "can_withdraw": consent.withdrawn_at is None and consent.decision == Decision.GIVEN,
    }


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
@require_http_methods(["GET"])
def consent_list(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    try:
        child, consents = read_consents(child_id, actor=actor)
    except policy.NotFound:
        raise Http404 from None
    guardianships = _guardianships(child)
    return render(
        request,
        "consent/list.html",
        {
            "child": child,
            "age": child.age_on(timezone.localdate()),
            "who_must_consent": _who_must_consent(child, guardianships),
            "items": [_item(consent) for consent in consents],
            "can_view_access_log": policy.can_view_access_log(actor, child),
        },
    )


def _consent_form(
    request: HttpRequest, actor: User, child: Child, guardianships: list[Guardianship]
) -> ConsentForm:
    units = list(Unit.objects.serving(child.municipality).order_by("name"))
    kind_order = {kind.value: index for index, kind in enumerate(UnitKind)}
    units.sort(key=lambda unit: (kind_order.get(unit.kind, 0), unit.name))
    cases = list(policy.visible_cases(actor).filter(child=child).order_by("pk"))
    return ConsentForm(
        request.POST if request.method == "POST" else None,
        child=child,
        guardianships=guardianships,
        units=units,
        cases=cases,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    child = _child(actor, child_id)
    guardianships = _guardianships(child)
    form = _consent_form(request, actor, child, guardianships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = do_register_consent(
                child.pk,
                actor=actor,
                purpose=Purpose(data["purpose"]),
                answers=form.answers(),
                categories=[InformationCategory(c) for c in data["categories"]],
                method=Method(data["method"]),
                units=form.chosen_units(),
                unit_kinds=[UnitKind(k) for k in data["unit_kinds"]],
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
                case=form.chosen_case(),
                youth_view=data.get("youth_view", ""),
            )
        except policy.NotFound:
            raise Http404 from None
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            if consent.decision == Decision.REFUSED:
                messages.success(request, _("The refusal was recorded."))
            elif consent.complete:
                messages.success(request, _("The consent was registered and is in force."))
            else:
                messages.warning(
                    request,
                    _(
                        "The answers were registered, but the consent does not apply until "
                        "everyone who must consent has said yes."
                    ),
                )
            return redirect("consent:list", child_id=child.pk)
    return render(
        request,
        "consent/register.html",
        {
            "child": child,
            "form": form,
            "who_must_consent": _who_must_consent(child, guardianships),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, child_id: int, consent_id: int) -> HttpResponse:
    actor = _actor(request)
    child = _child(actor, child_id)
    consent = consents_of(child).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    guardianships = _guardianships(child)
    form = WithdrawForm(
        request.POST if request.method == "POST" else None,
        child=child,
        guardianships=guardianships,
    )
    item = _item(consent)
    if request.method == "POST" and form.is_valid():
        try:
            do_withdraw_consent(
                consent.pk,
                actor=actor,
                withdrawn_by=form.who(),
                reason=form.cleaned_data["reason"],
            )
        except policy.NotFound:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if _is_htmx(request):
                withdrawn = consents_of(child).get(pk=consent.pk)
                return render(
                    request,
                    "consent/_consent.html",
                    {"item": _item(withdrawn), "child": child, "announce": True},
                )
            messages.success(request, _("The consent was withdrawn. It no longer applies."))
            return redirect(reverse("consent:list", args=[child.pk]) + f"#samtykke-{consent.pk}")
    context = {"child": child, "item": item, "form": form}
    status_code = 422 if form.errors else 200
    if _is_htmx(request):
        return render(request, "consent/_withdraw_form.html", context, status=status_code)
    return render(request, "consent/withdraw.html", context, status=status_code)
