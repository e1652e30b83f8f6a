"""Who must say yes, and what a consent means in plain words."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rodtrad.consent.models import Consent, Decision, InformationCategory, Purpose
from rodtrad.organisation.models import UnitKind
from rodtrad.people.models import Child


@dataclass(frozen=True)
class Answer:
    guardian_id: int | None  # None: the child or youth themself
    decision: Decision


@dataclass(frozen=True)
class RequiredParties:
    guardian_ids: frozenset[int]
    youth: bool


def required_parties(child: Child, on: datetime.date) -> RequiredParties:
    """Below the municipality's consent age, every guardian with parental
    responsibility must agree (both, where two have it); from that age the
    youth consents themself."""
    if child.age_on(on) >= child.municipality.youth_consent_age:
        return RequiredParties(frozenset(), youth=True)
    guardians = child.guardianships.filter(parental_responsibility=True).values_list(
        "guardian_id", flat=True
    )
    return RequiredParties(frozenset(guardians), youth=False)


def is_complete(required: RequiredParties, answers: Iterable[Answer]) -> bool:
    given = {a.guardian_id for a in answers if a.decision == Decision.GIVEN}
    if required.youth:
        return None in given
    return bool(required.guardian_ids) and required.guardian_ids <= given


def describe(consent: Consent) -> list[str]:
    """What the consent covers, in sentences a parent understands."""
    if consent.decision == Decision.REFUSED:
        return [_("The family has said no. Nothing may be shared on the basis of this answer.")]
    receivers = [str(unit) for unit in consent.units.all()] + [
        str(UnitKind(kind).label) for kind in consent.unit_kinds
    ]
    categories = [str(InformationCategory(c).label).lower() for c in consent.categories]
    purpose = {
        Purpose.COLLABORATION: _("to work together on help for the child"),
        Purpose.TEAM_DISCUSSION: _("to discuss the child's situation in an interdisciplinary team"),
        Purpose.TRANSITION: _("to hand over to the next service at a transition"),
    }[Purpose(consent.purpose)]
    sentences = [
        _("These services may take part and share information %(purpose)s: %(receivers)s.")
        % {"purpose": purpose, "receivers": ", ".join(receivers)},
        _("They may share: %(categories)s.") % {"categories": ", ".join(categories)},
        _("The consent is valid from %(start)s to %(end)s.")
        % {
            "start": consent.valid_from.strftime("%d.%m.%Y"),
            "end": consent.valid_to.strftime("%d.%m.%Y"),
        },
        _("It is given to the services, not to a named employee."),
    ]
    if consent.withdrawn_at is not None:
        sentences.append(_("It was withdrawn and no longer applies."))
    elif not consent.complete:
        missing = ngettext(
            "It does not apply yet: one more person must say yes.",
            "It does not apply yet: more people must say yes.",
            1,
        )
        sentences.append(missing)
    else:
        sentences.append(_("It can be withdrawn at any time, and then applies no longer."))
    return sentences
