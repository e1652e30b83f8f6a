"""/api/v1/enrolments: a child's place in a kindergarten or school, from–to."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.api.audited import audited
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, look_up, optional, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.people.actions import do_create_enrolment, do_update_enrolment
from rodtrad.people.models import Enrolment

router = Router(tags=["enrolments"])


class EnrolmentOut(Schema):
    id: int
    municipality: str = Field(description="Kommunenummer (the child's municipality).")
    child: int = Field(description="Id of the child.")
    unit: int = Field(description="Id of the kindergarten or school.")
    starts_on: datetime.date
    ends_on: datetime.date | None = Field(description="Null: open-ended.")

    @staticmethod
    def resolve_municipality(obj: Enrolment) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_child(obj: Enrolment) -> int:
        return obj.child_id

    @staticmethod
    def resolve_unit(obj: Enrolment) -> int:
        return obj.unit_id


class EnrolmentIn(InputSchema):
    child: int = Field(description="Id of a child in a municipality you administer.")
    unit: int = Field(
        description="Id of a kindergarten or school that serves the child's municipality."
    )
    starts_on: datetime.date
    ends_on: datetime.date | None = Field(None, description="Not before `starts_on`.")


class EnrolmentPatch(InputSchema):
    """Only the fields sent are changed; the child stays."""

    unit: int = optional()
    starts_on: datetime.date = optional()
    ends_on: datetime.date | None = optional()


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("municipality")


@router.get(
    "",
    response={200: list[EnrolmentOut], **UNAUTHENTICATED},
    summary="List enrolments",
    description=(
        "Enrolments of children of the municipalities you administer, newest start "
        "first; `?child=ID` and `?unit=ID` narrow the list. Each page is written to the "
        "audit log (`enrolment.listed`), and each child's access log shows it."
    ),
)
@paginated()
def list_enrolments(
    request: HttpRequest,
    municipality: str | None = None,
    child: int | None = None,
    unit: int | None = None,
) -> QuerySet[Enrolment]:
    actor = actor_of(request)
    enrolments = policy.scope_registers(actor, _enrolments())
    if municipality:
        enrolments = enrolments.filter(municipality__number=municipality)
    if child is not None:
        enrolments = enrolments.filter(child_id=child)
    if unit is not None:
        enrolments = enrolments.filter(unit_id=unit)
    return audited(
        enrolments.order_by("-starts_on", "id"),
        actor=actor,
        action="enrolment.listed",
        reason=policy.MANAGE_REGISTERS,
        children_of=lambda page: [enrolment.child_id for enrolment in page],
    )


@router.post(
    "",
    response={201: EnrolmentOut, **UNAUTHENTICATED, **INVALID},
    summary="Enrol a child",
    description=(
        "Enrols a child in a kindergarten or school that serves the child's municipality. "
        "An end date before the start date, or a unit that is not a kindergarten or "
        "school, is answered `422` and nothing is saved."
    ),
)
def create_enrolment(request: HttpRequest, payload: EnrolmentIn) -> Status[Enrolment]:
    actor = actor_of(request)
    child = look_up("child", lambda: policy.get_child_for(actor, payload.child))
    unit = look_up(
        "unit", lambda: policy.get_unit_for(actor, payload.unit, serving=child.municipality)
    )
    enrolment = do_create_enrolment(
        actor, child=child, unit=unit, starts_on=payload.starts_on, ends_on=payload.ends_on
    )
    return Status(201, enrolment)


@router.get(
    "/{int:enrolment_id}",
    response={200: EnrolmentOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read an enrolment",
)
def get_enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return policy.get_enrolment_for(actor_of(request), enrolment_id)


@router.patch(
    "/{int:enrolment_id}",
    response={200: EnrolmentOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change an enrolment",
)
def update_enrolment(request: HttpRequest, enrolment_id: int, payload: EnrolmentPatch) -> Enrolment:
    actor = actor_of(request)
    enrolment = policy.get_enrolment_for(actor, enrolment_id)
    changes = payload.model_dump(exclude_unset=True)
    if "unit" in changes:
        changes["unit"] = look_up(
            "unit",
            lambda: policy.get_unit_for(actor, payload.unit, serving=enrolment.child.municipality),
        )
    return do_update_enrolment(enrolment, actor=actor, **changes)
