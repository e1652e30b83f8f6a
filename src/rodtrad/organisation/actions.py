"""Changing the unit and employee registers.

The pages and the API both call these `do_<verb>` functions. Each one owns its
transaction, asks the policy first, validates with the models' own rules
(`full_clean`, so the messages are the models' Norwegian ones), saves, and
writes the audit event (who, a dotted code, old → new of the fields that
changed) in the same transaction; nothing is saved when anything is wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.audit.log import changed_fields, record
from rodtrad.organisation.models import ConfidentialityLaw, Membership, Municipality, Role, Unit
from rodtrad.policy import (
    NotFound,
    administered_municipality_ids,
    can_manage_account,
    require_manage_registers,
    scope_employees,
)

if TYPE_CHECKING:
    from rodtrad.accounts.models import User

MESSAGE_UNIT_NAME_TAKEN = _("A unit with this name already exists in the municipality.")
MESSAGE_PARENT_MUNICIPALITY = _("The parent unit must belong to the same municipality.")
MESSAGE_PARENT_CYCLE = _("A unit cannot be placed under itself or one of its own sub-units.")
MESSAGE_NO_UNITS = _("An employee must belong to at least one unit.")
MESSAGE_UNIT_TWICE = _("The same unit is listed more than once.")
MESSAGE_ACCOUNT_ELSEWHERE = _(
    "The employee also works for another municipality, so only the memberships in your "
    "municipality can be changed here."
)

Errors = dict[str, list[StrOrPromise]]


def clean_or_raise(
    obj: models.Model,
    errors: Mapping[str, Sequence[StrOrPromise]] | None = None,
    *,
    exclude: Collection[str] = (),
) -> None:
    """Run the model's full_clean and raise every error at once, with `errors`
    found by the caller. Fields the caller already reported (or `exclude`s)
    are not checked again, so one mistake gives one message."""
    collected: Errors = {key: list(messages) for key, messages in (errors or {}).items()}
    skip = {*exclude, *(key for key in collected if key != NON_FIELD_ERRORS)}
    try:
        obj.full_clean(exclude=skip)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            collected.setdefault(key, []).extend(messages)
    if collected:
        raise ValidationError(collected)


def snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the audit log stores them (JSON): objects by id, lists of
    objects as sorted ids, dates as ISO text."""

    def plain(value: Any) -> Any:
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, list | tuple | set | frozenset):
            return sorted(plain(item) for item in value)
        return value

    return {name: plain(value) for name, value in values.items()}


def audit_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Old → new of the fields that changed, as the audit log stores them."""
    return changed_fields(snapshot(before), snapshot(after))


# Units


class UnitChanges(TypedDict, total=False):
    kind: str
    name: str
    serves: Collection[Municipality]
    parent: Unit | None
    confidentiality_law: str


def _unit_errors(unit: Unit) -> Errors:
    errors: Errors = {}
    if unit.name and (
        Unit.objects.filter(municipality_id=unit.municipality_id, name=unit.name)
        .exclude(pk=unit.pk)
        .exists()
    ):
        errors["name"] = [MESSAGE_UNIT_NAME_TAKEN]
    parent = unit.parent
    if parent is not None:
        if parent.municipality_id != unit.municipality_id:
            errors["parent"] = [MESSAGE_PARENT_MUNICIPALITY]
        elif unit.pk is not None:
            seen: set[int] = set()
            while parent is not None and parent.pk not in seen:
                if parent.pk == unit.pk:
                    errors["parent"] = [MESSAGE_PARENT_CYCLE]
                    break
                seen.add(parent.pk)
                parent = parent.parent
    return errors


def do_create_unit(
    actor: User,
    *,
    municipality: Municipality,
    kind: str,
    name: str,
    serves: Iterable[Municipality] = (),
    parent: Unit | None = None,
    confidentiality_law: str = ConfidentialityLaw.ADMINISTRATION,
) -> Unit:
    with transaction.atomic():
        require_manage_registers(actor, municipality.pk)
        unit = Unit(
            municipality=municipality,
            kind=kind,
            name=name,
            parent=parent,
            confidentiality_law=confidentiality_law,
        )
        clean_or_raise(unit, _unit_errors(unit))
        unit.save()
        unit.serves.set(list(serves))
        record("unit.created", actor=actor, obj=unit, municipality_id=unit.municipality_id)
    return unit


def do_update_unit(unit: Unit, *, actor: User, **changes: Unpack[UnitChanges]) -> Unit:
    """Change the given fields; `serves` replaces the list. The owning
    municipality is fixed: a unit moves by being created anew."""
    with transaction.atomic():
        require_manage_registers(actor, unit.municipality_id)
        serves = changes.pop("serves", None)
        before = {field: getattr(unit, field) for field in changes}
        if serves is not None:
            before["serves"] = list(unit.serves.all())
        for field, value in changes.items():
            setattr(unit, field, value)
        clean_or_raise(unit, _unit_errors(unit))
        if changes:
            unit.save(update_fields=list(changes))
        after = {field: getattr(unit, field) for field in changes}
        if serves is not None:
            unit.serves.set(list(serves))
            after["serves"] = list(serves)
        record(
            "unit.updated",
            actor=actor,
            obj=unit,
            municipality_id=unit.municipality_id,
            changes=audit_changes(before, after),
        )
    return unit


# Employees


@dataclass(frozen=True)
class MembershipSpec:
    unit: Unit
    role: str = Role.EMPLOYEE


class EmployeeChanges(TypedDict, total=False):
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    memberships: Sequence[MembershipSpec]


def _membership_errors(actor: User, memberships: Sequence[MembershipSpec]) -> Errors:
    messages: list[StrOrPromise] = []
    units = [spec.unit.pk for spec in memberships]
    if len(set(units)) != len(units):
        messages.append(MESSAGE_UNIT_TWICE)
    for spec in memberships:
        require_manage_registers(actor, spec.unit.municipality_id)
        try:
            Membership(unit=spec.unit, role=spec.role).full_clean(
                exclude=["user"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            messages.extend(m for ms in error.message_dict.values() for m in ms)
    return {"memberships": messages} if messages else {}


def do_create_employee(
    actor: User,
    *,
    username: str,
    memberships: Sequence[MembershipSpec],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A new employee account in the actor's units. It has no password: the
    employee logs in through the municipality's identity provider (or an
    administrator sets a password for the demo)."""
    from rodtrad.accounts.models import User

    with transaction.atomic():
        errors = _membership_errors(actor, memberships)
        if not memberships:
            errors["memberships"] = [MESSAGE_NO_UNITS]
        employee = User(username=username, first_name=first_name, last_name=last_name, email=email)
        employee.set_unusable_password()
        clean_or_raise(employee, errors)
        employee.save()
        Membership.objects.bulk_create(
            Membership(user=employee, unit=spec.unit, role=spec.role) for spec in memberships
        )
        record("employee.created", actor=actor, obj=employee)
    return employee


def do_update_employee(employee: User, *, actor: User, **changes: Unpack[EmployeeChanges]) -> User:
    """Change the account fields (only if the actor administers every
    municipality the employee works for) and replace the employee's
    memberships in the actor's municipalities; those elsewhere stay."""
    with transaction.atomic():
        if not scope_employees(actor, type(employee).objects.filter(pk=employee.pk)).exists():
            raise NotFound(type(employee))
        memberships = changes.pop("memberships", None)
        ours = administered_municipality_ids(actor)
        errors: Errors = {}
        if changes and not can_manage_account(actor, employee):
            errors[NON_FIELD_ERRORS] = [MESSAGE_ACCOUNT_ELSEWHERE]
        if memberships is not None:
            errors.update(_membership_errors(actor, memberships))
            elsewhere = (
                Membership.objects.filter(user=employee)
                .exclude(unit__municipality_id__in=ours)
                .exists()
            )
            if not memberships and not elsewhere:
                errors["memberships"] = [MESSAGE_NO_UNITS]
        before: dict[str, Any] = {field: getattr(employee, field) for field in changes}
        for field, value in changes.items():
            setattr(employee, field, value)
        clean_or_raise(employee, errors)
        if changes:
            employee.save(update_fields=list(changes))
        after: dict[str, Any] = {field: getattr(employee, field) for field in changes}
        if memberships is not None:
            before["memberships"] = _membership_list(employee, ours)
            _replace_memberships(employee, memberships, ours)
            after["memberships"] = _membership_list(employee, ours)
        record("employee.updated", actor=actor, obj=employee, changes=audit_changes(before, after))
    return employee


def _membership_list(employee: User, municipality_ids: Collection[int]) -> list[str]:
    memberships = Membership.objects.filter(
        user=employee, unit__municipality_id__in=municipality_ids
    )
    return [f"{unit_id}:{role}" for unit_id, role in memberships.values_list("unit_id", "role")]


def _replace_memberships(
    employee: User, memberships: Sequence[MembershipSpec], municipality_ids: Collection[int]
) -> None:
    wanted = {spec.unit.pk: spec for spec in memberships}
    current = {
        membership.unit_id: membership
        for membership in Membership.objects.filter(
            user=employee, unit__municipality_id__in=municipality_ids
        )
    }
    Membership.objects.filter(pk__in=[m.pk for u, m in current.items() if u not in wanted]).delete()
    for unit_id, spec in wanted.items():
        membership = current.get(unit_id)
        if membership is None:
            Membership.objects.create(user=employee, unit=spec.unit, role=spec.role)
        elif membership.role != spec.role:
            membership.role = spec.role
            membership.save(update_fields=["role"])
