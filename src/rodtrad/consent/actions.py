"""Registering and withdrawing consent: the only ways a consent changes."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.cases.models import Case
from rodtrad.consent.models import (
    Consent,
    ConsentParty,
    Decision,
    InformationCategory,
    Method,
    Purpose,
)
from rodtrad.consent.queries import child_reason
from rodtrad.consent.rules import Answer, is_complete, required_parties
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.people.models import Child
from rodtrad.policy import NotFound, can_register_consent, get_child_basic_for


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def do_register_consent(
    child_id: int,
    *,
    actor: User,
    purpose: Purpose,
    answers: Sequence[Answer],
    categories: Sequence[InformationCategory],
    method: Method,
    units: Sequence[Unit] = (),
    unit_kinds: Sequence[UnitKind] = (),
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    case: Case | None = None,
    youth_view: str = "",
) -> Consent:
    child = get_child_basic_for(actor, child_id)
    if not can_register_consent(actor, child):
        raise NotFound(Child)
    today = timezone.localdate()
    start = valid_from or today
    end = valid_to or add_months(start, child.municipality.consent_validity_months)
    errors: dict[str, list[object]] = {}
    if not units and not unit_kinds:
        errors.setdefault("units", []).append(_("Choose at least one unit or kind of unit."))
    if not categories:
        errors.setdefault("categories", []).append(_("Choose what information may be shared."))
    if not answers:
        errors.setdefault("answers", []).append(_("Record who gave or refused the consent."))
    if end < start:
        errors.setdefault("valid_to", []).append(_("The end date cannot be before the start date."))
    guardian_ids = set(child.guardianships.values_list("guardian_id", flat=True))
    if any(a.guardian_id is not None and a.guardian_id not in guardian_ids for a in answers):
        errors.setdefault("answers", []).append(_("Only the child's own guardians can answer."))
    if (
        any(a.guardian_id is None for a in answers)
        and child.age_on(today) < child.municipality.youth_voice_age
    ):
        errors.setdefault("answers", []).append(
            _(
                "The child is too young to answer for themself; "
                "record the child's view in the relay log."
            )
        )
    if case is not None and case.child_id != child.pk:
        errors.setdefault("case", []).append(_("The relay log belongs to another child."))
    if errors:
        raise ValidationError(errors)

    decision = (
        Decision.REFUSED if any(a.decision == Decision.REFUSED for a in answers) else Decision.GIVEN
    )
    consent = Consent.objects.create(
        municipality=child.municipality,
        child=child,
        case=case,
        purpose=purpose,
        decision=decision,
        unit_kinds=list(unit_kinds),
        categories=list(categories),
        valid_from=start,
        valid_to=end,
        method=method,
        documented_by=actor,
        complete=is_complete(required_parties(child, today), answers),
        youth_view=youth_view,
    )
    consent.units.set(units)
    ConsentParty.objects.bulk_create(
        ConsentParty(
            consent=consent,
            guardian_id=a.guardian_id,
            is_child=a.guardian_id is None,
            decision=a.decision,
        )
        for a in answers
    )
    record(
        "consent.registered" if decision == Decision.GIVEN else "consent.refused",
        actor=actor,
        obj=consent,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason=child_reason(actor, child),
        changes={
            "purpose": [None, purpose],
            "units": [None, sorted(u.pk for u in units)],
            "unit_kinds": [None, sorted(unit_kinds)],
            "categories": [None, sorted(categories)],
            "valid": [None, [start.isoformat(), end.isoformat()]],
            "complete": [None, consent.complete],
        },
    )
    return consent


@transaction.atomic
def do_withdraw_consent(
    consent_id: int, *, actor: User, withdrawn_by: str, reason: str = ""
) -> Consent:
    """Takes effect at once: the policy reads `withdrawn_at` on every request."""
    consent = Consent.objects.select_for_update().filter(pk=consent_id).first()
    if consent is None:
        raise NotFound(Consent)
    # Out of reach answers exactly like a consent that does not exist.
    try:
        child = get_child_basic_for(actor, consent.child_id)
    except NotFound:
        raise NotFound(Consent) from None
    if not can_register_consent(actor, child):
        raise NotFound(Consent)
    access_reason = child_reason(actor, child)  # before the withdrawal may take it away
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    if consent.decision == Decision.REFUSED:
        # Nothing was given, so nothing can be withdrawn: a family that changes
        # its mind gives a new consent, and the refusal stays in the history.
        raise ValidationError(_("A refusal cannot be withdrawn. Register a new consent instead."))
    if not withdrawn_by.strip():
        raise ValidationError({"withdrawn_by": [_("Write who withdrew the consent.")]})
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = withdrawn_by.strip()
    consent.withdrawal_reason = reason.strip()
    consent.withdrawal_recorded_by = actor
    consent.save(
        update_fields=[
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "withdrawal_recorded_by",
        ]
    )
    record(
        "consent.withdrawn",
        actor=actor,
        obj=consent,
        child_id=consent.child_id,
        municipality_id=consent.municipality_id,
        reason=access_reason,
        changes={"withdrawn_at": [None, consent.withdrawn_at.isoformat()]},
    )
    return consent
