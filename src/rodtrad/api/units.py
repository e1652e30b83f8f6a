"""/api/v1/units: kindergartens, schools, health stations, child welfare and
the other services of a municipality."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.api.auth import actor_of
from rodtrad.api.common import (
    InputSchema,
    look_up,
    municipality_field,
    optional,
    paginated,
)
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED, not_found_message
from rodtrad.organisation.actions import do_create_unit, do_update_unit
from rodtrad.organisation.models import ConfidentialityLaw, Municipality, Unit, UnitKind

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    municipality: str = Field(description="Kommunenummer of the owning municipality.")
    kind: UnitKind
    name: str
    serves: list[str] = Field(description="Kommunenummer of every municipality served.")
    parent: int | None = Field(description="Id of the parent unit.")
    confidentiality_law: ConfidentialityLaw

    @staticmethod
    def resolve_municipality(obj: Unit) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_serves(obj: Unit) -> list[str]:
        return [municipality.number for municipality in obj.serves.all()]

    @staticmethod
    def resolve_parent(obj: Unit) -> int | None:
        return obj.parent_id


class UnitIn(InputSchema):
    municipality: str = municipality_field()
    kind: UnitKind
    name: str
    serves: list[str] = Field(
        default_factory=list,
        description="Kommunenummer of other municipalities the unit serves (intermunicipal units).",
    )
    parent: int | None = Field(None, description="Id of a unit of the same municipality.")
    confidentiality_law: ConfidentialityLaw = ConfidentialityLaw.ADMINISTRATION


class UnitPatch(InputSchema):
    """Only the fields sent are changed; `serves` replaces the list."""

    kind: UnitKind = optional()
    name: str = optional()
    serves: list[str] = optional()
    parent: int | None = optional()
    confidentiality_law: ConfidentialityLaw = optional()


def _units() -> QuerySet[Unit]:
    return Unit.objects.select_related("municipality").prefetch_related(
        Prefetch("serves", queryset=Municipality.objects.order_by("number"))
    )


def _served(numbers: list[str]) -> list[Municipality]:
    # Municipalities are public reference data: a unit may serve any of them.
    found = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
    if any(number not in found for number in numbers):
        raise ValidationError({"serves": [not_found_message(Municipality)]})
    return [found[number] for number in dict.fromkeys(numbers)]


def _parent(actor: User, parent_id: int | None) -> Unit | None:
    if parent_id is None:
        return None
    return look_up("parent", lambda: policy.get_unit_for(actor, parent_id))


@router.get(
    "",
    response={200: list[UnitOut], **UNAUTHENTICATED},
    summary="List units",
    description="Units owned by the municipalities you administer, ordered by name.",
)
@paginated()
def list_units(request: HttpRequest, municipality: str | None = None) -> QuerySet[Unit]:
    units = policy.scope_registers(actor_of(request), _units())
    if municipality:
        units = units.filter(municipality__number=municipality)
    return units.order_by("name", "id")


@router.post(
    "",
    response={201: UnitOut, **UNAUTHENTICATED, **INVALID},
    summary="Create a unit",
    description=(
        "Creates a unit in a municipality you administer. A municipality you do not "
        "administer is answered as if it did not exist (422, `Municipality not found` on "
        "`municipality`)."
    ),
)
def create_unit(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    actor = actor_of(request)
    municipality = look_up(
        "municipality", lambda: policy.get_municipality_for(actor, payload.municipality)
    )
    parent = _parent(actor, payload.parent)
    unit = do_create_unit(
        actor,
        municipality=municipality,
        kind=payload.kind,
        name=payload.name,
        serves=_served(payload.serves),
        parent=parent,
        confidentiality_law=payload.confidentiality_law,
    )
    return Status(201, _units().get(pk=unit.pk))


@router.get(
    "/{int:unit_id}",
    response={200: UnitOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a unit",
)
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = policy.get_unit_for(actor_of(request), unit_id)
    return _units().get(pk=unit.pk)


@router.patch(
    "/{int:unit_id}",
    response={200: UnitOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change a unit",
)
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Unit:
    actor = actor_of(request)
    unit = policy.get_unit_for(actor, unit_id)
    changes = payload.model_dump(exclude_unset=True)
    if "serves" in changes:
        changes["serves"] = _served(payload.serves)
    if "parent" in changes:
        changes["parent"] = _parent(actor, payload.parent)
    do_update_unit(unit, actor=actor, **changes)
    return _units().get(pk=unit.pk)
