"""Who must say yes, where a consent stands, and what it means in plain words."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

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


class Status(enum.StrEnum):
    """Where a consent stands today, strongest first."""

    WITHDRAWN = "withdrawn"
    REFUSED = "refused"
    INCOMPLETE = "incomplete"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    IN_FORCE = "in_force"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


# With a context: other apps translate "Withdrawn" or "Expired" their own way.
STATUS_LABELS = {
    Status.IN_FORCE: pgettext_lazy("consent status", "In force"),
    Status.WITHDRAWN: pgettext_lazy("consent status", "Withdrawn"),
    Status.EXPIRED: pgettext_lazy("consent status", "Expired"),
    Status.INCOMPLETE: pgettext_lazy("consent status", "Not complete"),
    Status.REFUSED: pgettext_lazy("consent status", "Refused"),
    Status.NOT_YET_VALID: pgettext_lazy("consent status", "Not yet valid"),
}


def status(consent: Consent, on: datetime.date | None = None) -> Status:
    """The same order of checks as Consent.is_in_force, named."""
    day = on or timezone.localdate()
    if consent.withdrawn_at is not None:
        return Status.WITHDRAWN
    if consent.decision == Decision.REFUSED:
        return Status.REFUSED
    if not consent.complete:
        return Status.INCOMPLETE
    if consent.valid_to < day:
        return Status.EXPIRED
    if consent.valid_from > day:
        return Status.NOT_YET_VALID
    return Status.IN_FORCE


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _answers(consent: Consent) -> list[str]:
    """One sentence per person who answered (reads prefetched `parties`)."""
    sentences = []
    for party in consent.parties.all():
        name = str(party.guardian) if party.guardian is not None else _("The child or youth")
        if party.decision == Decision.GIVEN:
            sentences.append(_("%(name)s said yes.") % {"name": name})
        else:
            sentences.append(_("%(name)s said no.") % {"name": name})
    return sentences


def describe(consent: Consent, on: datetime.date | None = None) -> list[str]:
    """What the consent covers, in sentences a parent understands. Reads the
    prefetched `units` and `parties__guardian` when a list prefetched them."""
    receivers = [str(unit) for unit in consent.units.all()] + [
        str(UnitKind(kind).label) for kind in consent.unit_kinds
    ]
    categories = [str(InformationCategory(c).label).lower() for c in consent.categories]
    purpose = {
        Purpose.COLLABORATION: _("to work together on help for the child"),
        Purpose.TEAM_DISCUSSION: _("to discuss the child's situation in an interdisciplinary team"),
        Purpose.TRANSITION: _("to hand over to the next service at a transition"),
    }[Purpose(consent.purpose)]
    current = status(consent, on)
    if consent.decision == Decision.REFUSED:
        sentences = [
            _("The family has said no. Nothing may be shared on the basis of this answer."),
            _("The question was whether these services could take part %(purpose)s: %(receivers)s.")
            % {"purpose": purpose, "receivers": ", ".join(receivers)},
            *_answers(consent),
        ]
        if current is Status.WITHDRAWN:
            sentences.append(_("The answer was later withdrawn."))
        return sentences
    sentences = [
        _("These services may take part and share information %(purpose)s: %(receivers)s.")
        % {"purpose": purpose, "receivers": ", ".join(receivers)},
        _("They may share: %(categories)s.") % {"categories": ", ".join(categories)},
        _("The consent is valid from %(start)s to %(end)s.")
        % {"start": _date(consent.valid_from), "end": _date(consent.valid_to)},
        _("It is given to the services, not to a named employee."),
        *_answers(consent),
    ]
    if current is Status.WITHDRAWN and consent.withdrawn_at is not None:
        sentences.append(
            _("It was withdrawn on %(date)s and no longer applies.")
            % {"date": _date(timezone.localtime(consent.withdrawn_at).date())}
        )
    elif current is Status.INCOMPLETE:
        sentences.append(_("It does not apply yet: not everyone who must consent has said yes."))
    elif current is Status.EXPIRED:
        sentences.append(_("Its period has ended, so it no longer applies."))
    elif current is Status.NOT_YET_VALID:
        sentences.append(_("It applies from its start date."))
    else:
        sentences.append(_("It can be withdrawn at any time, and then applies no longer."))
    return sentences
