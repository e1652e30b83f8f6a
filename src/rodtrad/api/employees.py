"""/api/v1/employees: the people who log in, and their units and roles."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, look_up_all, optional, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.organisation.actions import MembershipSpec, do_create_employee, do_update_employee
from rodtrad.organisation.models import Membership, Role, Unit

router = Router(tags=["employees"])


class MembershipOut(Schema):
    unit: int = Field(description="Id of the unit.")
    role: Role

    @staticmethod
    def resolve_unit(obj: Membership) -> int:
        return obj.unit_id


class EmployeeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    memberships: list[MembershipOut] = Field(
        description="Memberships in units of the municipalities you administer (only those)."
    )

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        # Filled by _employees() for the actor's municipalities.
        memberships: list[Membership] = getattr(obj, "visible_memberships", [])
        return memberships


class MembershipIn(InputSchema):
    unit: int = Field(description="Id of a unit of a municipality you administer.")
    role: Role = Role.EMPLOYEE


class EmployeeIn(InputSchema):
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    memberships: list[MembershipIn] = Field(description="At least one unit.")


class EmployeePatch(InputSchema):
    """Only the fields sent are changed. `memberships` replaces the employee's
    memberships in the municipalities you administer; those elsewhere stay.
    The account fields can be changed only if you administer every municipality
    the employee works for."""

    username: str = optional()
    first_name: str = optional()
    last_name: str = optional()
    email: str = optional()
    is_active: bool = optional()
    memberships: list[MembershipIn] = optional()


def _employees(actor: User) -> QuerySet[User]:
    visible = policy.scope_registers(
        actor, Membership.objects.order_by("unit__name", "id"), "unit__municipality"
    )
    return policy.scope_employees(actor, User.objects.all()).prefetch_related(
        Prefetch("memberships", queryset=visible, to_attr="visible_memberships")
    )


def _memberships(actor: User, memberships: list[MembershipIn]) -> list[MembershipSpec]:
    units = look_up_all(
        "memberships",
        policy.scope_registers(actor, Unit.objects.all()),
        [membership.unit for membership in memberships],
    )
    return [
        MembershipSpec(unit=unit, role=membership.role)
        for unit, membership in zip(units, memberships, strict=True)
    ]


@router.get(
    "",
    response={200: list[EmployeeOut], **UNAUTHENTICATED},
    summary="List employees",
    description=(
        "Employees with a membership in a unit of a municipality you administer, "
        "ordered by last name and first name."
    ),
)
@paginated()
def list_employees(request: HttpRequest) -> QuerySet[User]:
    return _employees(actor_of(request)).order_by("last_name", "first_name", "id")


@router.post(
    "",
    response={201: EmployeeOut, **UNAUTHENTICATED, **INVALID},
    summary="Create an employee",
    description=(
        "Creates an employee account with memberships in your units. The account has "
        "no password: employees log in through the municipality's identity provider. "
        "A unit you do not administer is answered `422` with `Unit not found`."
    ),
)
def create_employee(request: HttpRequest, payload: EmployeeIn) -> Status[User]:
    actor = actor_of(request)
    employee = do_create_employee(
        actor,
        username=payload.username,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        memberships=_memberships(actor, payload.memberships),
    )
    return Status(201, _employees(actor).get(pk=employee.pk))


@router.get(
    "/{int:employee_id}",
    response={200: EmployeeOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read an employee",
)
def get_employee(request: HttpRequest, employee_id: int) -> User:
    actor = actor_of(request)
    employee = policy.get_employee_for(actor, employee_id)
    return _employees(actor).get(pk=employee.pk)


@router.patch(
    "/{int:employee_id}",
    response={200: EmployeeOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change an employee",
)
def update_employee(request: HttpRequest, employee_id: int, payload: EmployeePatch) -> User:
    actor = actor_of(request)
    employee = policy.get_employee_for(actor, employee_id)
    changes = payload.model_dump(exclude_unset=True)
    if "memberships" in changes:
        changes["memberships"] = _memberships(actor, payload.memberships)
    do_update_employee(employee, actor=actor, **changes)
    updated = _employees(actor).filter(pk=employee.pk).first()
    if updated is None:
        # No longer in any of the actor's units: this answer is the last they see of it.
        employee.visible_memberships = []  # type: ignore[attr-defined]
        return employee
    return updated
