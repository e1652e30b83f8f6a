"""/api/v1/children: the children registered in a municipality."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.api.audited import audited
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, look_up, municipality_field, optional, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.audit.log import record
from rodtrad.people.actions import do_create_child, do_update_child
from rodtrad.people.models import Child

router = Router(tags=["children"])

IDENTITY_NUMBER_DESCRIPTION = (
    "Fødselsnummer or D number, 11 digits (synthetic test numbers and the 2032 scheme "
    "are accepted). Sent in the body only, never in a URL."
)


class ChildSummary(Schema):
    """A child in a list: the identity number is masked to the birth date."""

    id: int
    municipality: str = Field(description="Kommunenummer.")
    identity_number_masked: str = Field(description="`DDMMYY *****`.")
    given_name: str
    family_name: str
    birth_date: datetime.date

    @staticmethod
    def resolve_municipality(obj: Child) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_identity_number_masked(obj: Child) -> str:
        return obj.masked_identity_number


class ChildOut(ChildSummary):
    """One child, for the administrators who keep the register: in full."""

    identity_number: str = Field(description=IDENTITY_NUMBER_DESCRIPTION)
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ChildIn(InputSchema):
    municipality: str = municipality_field()
    identity_number: str = Field(description=IDENTITY_NUMBER_DESCRIPTION)
    given_name: str
    family_name: str


class ChildPatch(InputSchema):
    """Only the fields sent are changed. The birth date follows the identity number."""

    identity_number: str = optional(IDENTITY_NUMBER_DESCRIPTION)
    given_name: str = optional()
    family_name: str = optional()


def _children() -> QuerySet[Child]:
    return Child.objects.select_related("municipality")


@router.get(
    "",
    response={200: list[ChildSummary], **UNAUTHENTICATED},
    summary="List children",
    description=(
        "Children registered in the municipalities you administer, ordered by family "
        "name and given name. Identity numbers are masked here. Each page is written to "
        "the audit log (`child.listed`), and each child's access log shows it."
    ),
)
@paginated()
def list_children(request: HttpRequest, municipality: str | None = None) -> QuerySet[Child]:
    actor = actor_of(request)
    children = policy.scope_registers(actor, _children())
    if municipality:
        children = children.filter(municipality__number=municipality)
    return audited(
        children.order_by("family_name", "given_name", "id"),
        actor=actor,
        action="child.listed",
        reason=policy.MANAGE_REGISTERS,
        children_of=lambda page: [child.pk for child in page],
    )


@router.post(
    "",
    response={201: ChildOut, **UNAUTHENTICATED, **INVALID},
    summary="Register a child",
    description=(
        "Registers a child in a municipality you administer and answers `201` with the "
        "new child, `id` included. The birth date is read from the identity number. "
        "A wrong or already registered identity number, or an empty name, is answered "
        "`422` and nothing is saved. A municipality you do not administer is answered "
        "`422` with `Municipality not found` on `municipality`."
    ),
)
def create_child(request: HttpRequest, payload: ChildIn) -> Status[Child]:
    actor = actor_of(request)
    municipality = look_up(
        "municipality", lambda: policy.get_municipality_for(actor, payload.municipality)
    )
    child = do_create_child(
        actor,
        municipality=municipality,
        identity_number=payload.identity_number,
        given_name=payload.given_name,
        family_name=payload.family_name,
    )
    return Status(201, child)


@router.get(
    "/{int:child_id}",
    response={200: ChildOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a child",
)
def get_child(request: HttpRequest, child_id: int) -> Child:
    actor = actor_of(request)
    child = policy.get_child_for(actor, child_id)
    record(
        "child.read",
        actor=actor,
        obj=child,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason=policy.MANAGE_REGISTERS,
    )
    return child


@router.patch(
    "/{int:child_id}",
    response={200: ChildOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change a child",
    description="Changes the fields sent. The municipality cannot be changed here.",
)
def update_child(request: HttpRequest, child_id: int, payload: ChildPatch) -> Child:
    actor = actor_of(request)
    child = policy.get_child_for(actor, child_id)
    return do_update_child(child, actor=actor, **payload.model_dump(exclude_unset=True))
