"""Administrators and the registers of their municipality (units, employees,
children, guardians, families, enrolments)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet

from rodtrad.organisation.models import Membership, Municipality, Unit
from rodtrad.people.models import Child, Enrolment, Family, Guardian
from rodtrad.policy import seats

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

M = TypeVar("M", bound=Model)

# Permission names, shared by pages and the API.
MANAGE_REGISTERS = "registers.manage"


def administered_municipality_ids(actor: User | AnonymousUser) -> frozenset[int]:
    """Municipalities whose registers the actor administers."""
    return seats.administered_municipality_ids(actor)


def can_manage_registers(actor: User | AnonymousUser, municipality_id: int | None = None) -> bool:
    """May the actor manage registers at all (no id), or those of this municipality?"""
    ids = administered_municipality_ids(actor)
    return bool(ids) if municipality_id is None else municipality_id in ids


def scope_registers(
    actor: User | AnonymousUser, queryset: QuerySet[M], municipality_path: str = "municipality"
) -> QuerySet[M]:
    """Narrow a register query to the municipalities the actor administers."""
    ids = administered_municipality_ids(actor)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{municipality_path}__in": ids})


# Fetch-and-authorise helpers. Views and API routes fetch register objects only
# through these, never with `Model.objects.get` themselves.


class NotFound(Exception):
    """The object does not exist, or the actor may not see it: callers answer both
    alike (404, or "not found" for a reference in a form), with a message chosen
    by `model`, so nobody learns that the object exists."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        super().__init__(f"{model._meta.object_name} not found")


def require_manage_registers(actor: User | AnonymousUser, municipality_id: int) -> None:
    """Raise NotFound (as if the municipality did not exist) unless the actor
    administers it. Domain functions call this before they change anything."""
    if not can_manage_registers(actor, municipality_id):
        raise NotFound(Municipality)


def get_municipality_for(actor: User | AnonymousUser, number: str) -> Municipality:
    """The municipality with this kommunenummer, if the actor administers it."""
    ids = administered_municipality_ids(actor)
    municipality = Municipality.objects.filter(number=number, id__in=ids).first()
    if municipality is None:
        raise NotFound(Municipality)
    return municipality


def _get_registered(actor: User | AnonymousUser, queryset: QuerySet[M], pk: int) -> M:
    obj = scope_registers(actor, queryset).filter(pk=pk).first()
    if obj is None:
        raise NotFound(queryset.model)
    return obj


def get_unit_for(
    actor: User | AnonymousUser, unit_id: int, *, serving: Municipality | None = None
) -> Unit:
    """A unit owned by a municipality the actor administers; with `serving`, a
    unit that serves that municipality (which the actor must administer), such
    as an intermunicipal school owned by a neighbour."""
    if serving is None:
        return _get_registered(actor, Unit.objects.select_related("municipality"), unit_id)
    if not can_manage_registers(actor, serving.pk):
        raise NotFound(Unit)
    unit = Unit.objects.serving(serving).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(Unit)
    return unit


def scope_employees(actor: User | AnonymousUser, queryset: QuerySet[User]) -> QuerySet[User]:
    """Employees with a membership in a unit of a municipality the actor administers."""
    ids = administered_municipality_ids(actor)
    if not ids:
        return queryset.none()
    return queryset.filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), unit__municipality_id__in=ids))
    )


def get_employee_for(actor: User | AnonymousUser, user_id: int) -> User:
    from rodtrad.accounts import models as accounts

    employee = scope_employees(actor, accounts.User.objects.all()).filter(pk=user_id).first()
    if employee is None:
        raise NotFound(accounts.User)
    return employee


def can_manage_account(actor: User | AnonymousUser, employee: User) -> bool:
    """May the actor change the account itself (name, e-mail, active)? Only when
    the actor administers every municipality the employee works for: an
    administrator in one municipality does not switch off a colleague's access
    in another. Memberships are changed per municipality instead."""
    ids = administered_municipality_ids(actor)
    if not ids:
        return False
    return not (
        Membership.objects.filter(user=employee).exclude(unit__municipality_id__in=ids).exists()
    )


def get_child_for(actor: User | AnonymousUser, child_id: int) -> Child:
    return _get_registered(actor, Child.objects.select_related("municipality"), child_id)


def get_guardian_for(actor: User | AnonymousUser, guardian_id: int) -> Guardian:
    return _get_registered(actor, Guardian.objects.select_related("municipality"), guardian_id)


def get_family_for(actor: User | AnonymousUser, family_id: int) -> Family:
    return _get_registered(actor, Family.objects.select_related("municipality"), family_id)


def get_enrolment_for(actor: User | AnonymousUser, enrolment_id: int) -> Enrolment:
    return _get_registered(
        actor, Enrolment.objects.select_related("municipality", "child", "unit"), enrolment_id
    )
