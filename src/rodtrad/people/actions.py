"""Changing the registers of children, guardians, families and enrolments.

The pages and the API both call these `do_<verb>` functions. Each one owns its
transaction, asks the policy first, validates with the models' own rules
(`full_clean`: identity numbers, uniqueness, date order, each with its
Norwegian message), saves, and writes the audit event in the same
transaction; nothing is saved when anything is wrong. Neither the messages
nor the audit log contain a full identity number.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.audit.log import record
from rodtrad.organisation.actions import Errors, audit_changes, clean_or_raise
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.identity import mask, parse_identity_number
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship
from rodtrad.policy import require_manage_registers

if TYPE_CHECKING:
    from rodtrad.accounts.models import User

MESSAGE_CHILD_ELSEWHERE = _("The child is registered in another municipality.")
MESSAGE_ADULT_ELSEWHERE = _("The adult is registered in another municipality.")
MESSAGE_CHILD_TWICE = _("The same child is listed more than once.")
MESSAGE_UNIT_NOT_SERVING = _("The unit does not serve the child's municipality.")


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Old → new for the audit log, identity numbers masked to the birth date."""
    changes = audit_changes(before, after)
    if "identity_number" in changes:
        changes["identity_number"] = [mask(v) if v else v for v in changes["identity_number"]]
    return changes


def _fields(obj: object, names: Collection[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


# Children


class ChildChanges(TypedDict, total=False):
    identity_number: str
    given_name: str
    family_name: str


def _clean_child(child: Child) -> None:
    """The birth date comes from the identity number; an invalid number is
    reported once, on the number, not again as a missing birth date."""
    try:
        child.birth_date = parse_identity_number(child.identity_number or "").birth_date
    except ValidationError:
        clean_or_raise(child, exclude={"birth_date"})
    else:
        clean_or_raise(child)


def do_create_child(
    actor: User,
    *,
    municipality: Municipality,
    identity_number: str,
    given_name: str,
    family_name: str,
) -> Child:
    with transaction.atomic():
        require_manage_registers(actor, municipality.pk)
        child = Child(
            municipality=municipality,
            identity_number=identity_number,
            given_name=given_name,
            family_name=family_name,
        )
        _clean_child(child)
        child.save()
        record(
            "child.created",
            actor=actor,
            obj=child,
            child_id=child.pk,
            municipality_id=child.municipality_id,
        )
    return child


def do_update_child(child: Child, *, actor: User, **changes: Unpack[ChildChanges]) -> Child:
    """Change the given fields. A corrected identity number (a D number
    replaced by a fødselsnummer, say) also corrects the birth date."""
    with transaction.atomic():
        require_manage_registers(actor, child.municipality_id)
        fields = [*changes, "birth_date"]
        before = _fields(child, fields)
        for field, value in changes.items():
            setattr(child, field, value)
        _clean_child(child)
        child.save(update_fields=[*fields, "updated_at"])
        record(
            "child.updated",
            actor=actor,
            obj=child,
            child_id=child.pk,
            municipality_id=child.municipality_id,
            changes=_changes(before, _fields(child, fields)),
        )
    return child


# Guardians


@dataclass(frozen=True)
class GuardianshipSpec:
    child: Child
    relation: str
    parental_responsibility: bool = True
    lives_with_child: bool = True


class GuardianChanges(TypedDict, total=False):
    identity_number: str | None
    given_name: str
    family_name: str
    phone: str
    email: str
    address: str
    guardianships: Sequence[GuardianshipSpec]


def _guardianship_errors(guardian: Guardian, specs: Sequence[GuardianshipSpec]) -> Errors:
    messages: list[StrOrPromise] = []
    children = [spec.child.pk for spec in specs]
    if len(set(children)) != len(children):
        messages.append(MESSAGE_CHILD_TWICE)
    for spec in specs:
        if spec.child.municipality_id != guardian.municipality_id:
            messages.append(MESSAGE_CHILD_ELSEWHERE)
            continue
        try:
            Guardianship(
                child=spec.child,
                relation=spec.relation,
                parental_responsibility=spec.parental_responsibility,
                lives_with_child=spec.lives_with_child,
            ).full_clean(exclude=["guardian"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            messages.extend(m for ms in error.message_dict.values() for m in ms)
    return {"guardianships": messages} if messages else {}


def _set_guardianships(guardian: Guardian, specs: Sequence[GuardianshipSpec]) -> None:
    Guardianship.objects.filter(guardian=guardian).delete()
    Guardianship.objects.bulk_create(
        Guardianship(
            guardian=guardian,
            child=spec.child,
            relation=spec.relation,
            parental_responsibility=spec.parental_responsibility,
            lives_with_child=spec.lives_with_child,
        )
        for spec in specs
    )


def do_create_guardian(
    actor: User,
    *,
    municipality: Municipality,
    given_name: str,
    family_name: str,
    identity_number: str | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    guardianships: Sequence[GuardianshipSpec] = (),
) -> Guardian:
    """A guardian, with the children they are guardian for (all registered in
    the same municipality). The identity number is optional."""
    with transaction.atomic():
        require_manage_registers(actor, municipality.pk)
        guardian = Guardian(
            municipality=municipality,
            identity_number=identity_number or None,
            given_name=given_name,
            family_name=family_name,
            phone=phone,
            email=email,
            address=address,
        )
        clean_or_raise(guardian, _guardianship_errors(guardian, guardianships))
        guardian.save()
        _set_guardianships(guardian, guardianships)
        record(
            "guardian.created",
            actor=actor,
            obj=guardian,
            municipality_id=guardian.municipality_id,
        )
    return guardian


def do_update_guardian(
    guardian: Guardian, *, actor: User, **changes: Unpack[GuardianChanges]
) -> Guardian:
    """Change the given fields; `guardianships` replaces the list."""
    with transaction.atomic():
        require_manage_registers(actor, guardian.municipality_id)
        guardianships = changes.pop("guardianships", None)
        if "identity_number" in changes:
            changes["identity_number"] = changes["identity_number"] or None
        before = _fields(guardian, changes)
        for field, value in changes.items():
            setattr(guardian, field, value)
        errors = {} if guardianships is None else _guardianship_errors(guardian, guardianships)
        clean_or_raise(guardian, errors)
        if changes:
            guardian.save(update_fields=list(changes))
        after = _fields(guardian, changes)
        if guardianships is not None:
            before["guardianships"] = _guardianship_list(guardian)
            _set_guardianships(guardian, guardianships)
            after["guardianships"] = _guardianship_list(guardian)
        record(
            "guardian.updated",
            actor=actor,
            obj=guardian,
            municipality_id=guardian.municipality_id,
            changes=_changes(before, after),
        )
    return guardian


def _guardianship_list(guardian: Guardian) -> list[str]:
    return [
        f"{child}:{relation}:{int(responsibility)}:{int(lives_with)}"
        for child, relation, responsibility, lives_with in guardian.guardianships.values_list(
            "child_id", "relation", "parental_responsibility", "lives_with_child"
        )
    ]


# Families


class FamilyChanges(TypedDict, total=False):
    name: str
    children: Collection[Child]
    adults: Collection[Guardian]


def _family_errors(
    family: Family, children: Collection[Child] | None, adults: Collection[Guardian] | None
) -> Errors:
    errors: Errors = {}
    if any(child.municipality_id != family.municipality_id for child in children or ()):
        errors["children"] = [MESSAGE_CHILD_ELSEWHERE]
    if any(adult.municipality_id != family.municipality_id for adult in adults or ()):
        errors["adults"] = [MESSAGE_ADULT_ELSEWHERE]
    return errors


def do_create_family(
    actor: User,
    *,
    municipality: Municipality,
    name: str,
    children: Collection[Child] = (),
    adults: Collection[Guardian] = (),
) -> Family:
    """A household; everyone in it is registered in its municipality."""
    with transaction.atomic():
        require_manage_registers(actor, municipality.pk)
        family = Family(municipality=municipality, name=name)
        clean_or_raise(family, _family_errors(family, children, adults))
        family.save()
        family.children.set(list(children))
        family.adults.set(list(adults))
        record("family.created", actor=actor, obj=family, municipality_id=family.municipality_id)
    return family


def do_update_family(family: Family, *, actor: User, **changes: Unpack[FamilyChanges]) -> Family:
    """Change the name; `children` and `adults` replace their lists."""
    with transaction.atomic():
        require_manage_registers(actor, family.municipality_id)
        children = changes.pop("children", None)
        adults = changes.pop("adults", None)
        before: dict[str, Any] = {"name": family.name}
        after: dict[str, Any] = {"name": changes.get("name", family.name)}
        family.name = after["name"]
        clean_or_raise(family, _family_errors(family, children, adults))
        if "name" in changes:
            family.save(update_fields=["name"])
        if children is not None:
            before["children"] = list(family.children.all())
            family.children.set(list(children))
            after["children"] = list(children)
        if adults is not None:
            before["adults"] = list(family.adults.all())
            family.adults.set(list(adults))
            after["adults"] = list(adults)
        record(
            "family.updated",
            actor=actor,
            obj=family,
            municipality_id=family.municipality_id,
            changes=_changes(before, after),
        )
    return family


# Enrolments


class EnrolmentChanges(TypedDict, total=False):
    unit: Unit
    starts_on: datetime.date
    ends_on: datetime.date | None


def _enrolment_errors(enrolment: Enrolment) -> Errors:
    serving = Unit.objects.serving(enrolment.child.municipality).filter(pk=enrolment.unit_id)
    return {} if serving.exists() else {"unit": [MESSAGE_UNIT_NOT_SERVING]}


def do_create_enrolment(
    actor: User,
    *,
    child: Child,
    unit: Unit,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Enrolment:
    """A child's place in a kindergarten or school that serves the child's
    municipality, from `starts_on` to `ends_on` (open-ended if None)."""
    with transaction.atomic():
        require_manage_registers(actor, child.municipality_id)
        enrolment = Enrolment(
            municipality_id=child.municipality_id,
            child=child,
            unit=unit,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        clean_or_raise(enrolment, _enrolment_errors(enrolment))
        enrolment.save()
        record(
            "enrolment.created",
            actor=actor,
            obj=enrolment,
            child_id=enrolment.child_id,
            municipality_id=enrolment.municipality_id,
        )
    return enrolment


def do_update_enrolment(
    enrolment: Enrolment, *, actor: User, **changes: Unpack[EnrolmentChanges]
) -> Enrolment:
    """Change the unit or the dates; the child stays."""
    with transaction.atomic():
        require_manage_registers(actor, enrolment.municipality_id)
        before = _fields(enrolment, changes)
        for field, value in changes.items():
            setattr(enrolment, field, value)
        clean_or_raise(enrolment, _enrolment_errors(enrolment))
        if changes:
            enrolment.save(update_fields=list(changes))
        record(
            "enrolment.updated",
            actor=actor,
            obj=enrolment,
            child_id=enrolment.child_id,
            municipality_id=enrolment.municipality_id,
            changes=_changes(before, _fields(enrolment, changes)),
        )
    return enrolment
