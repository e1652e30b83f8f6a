"""/api/v1/families: households, the children and adults who live together."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.api.audited import audited
from rodtrad.api.auth import actor_of
from rodtrad.api.common import (
    InputSchema,
    look_up,
    look_up_all,
    municipality_field,
    optional,
    paginated,
)
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.people.actions import do_create_family, do_update_family
from rodtrad.people.models import Child, Family, Guardian

router = Router(tags=["families"])


class FamilyOut(Schema):
    id: int
    municipality: str = Field(description="Kommunenummer.")
    name: str
    children: list[int] = Field(description="Ids of the children.")
    adults: list[int] = Field(description="Ids of the adults (guardians).")

    @staticmethod
    def resolve_municipality(obj: Family) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_children(obj: Family) -> list[int]:
        return [child.pk for child in obj.children.all()]

    @staticmethod
    def resolve_adults(obj: Family) -> list[int]:
        return [adult.pk for adult in obj.adults.all()]


class FamilyIn(InputSchema):
    municipality: str = municipality_field()
    name: str
    children: list[int] = Field(
        default_factory=list, description="Ids of children registered in the same municipality."
    )
    adults: list[int] = Field(
        default_factory=list, description="Ids of guardians registered in the same municipality."
    )


class FamilyPatch(InputSchema):
    """Only the fields sent are changed; `children` and `adults` replace their lists."""

    name: str = optional()
    children: list[int] = optional()
    adults: list[int] = optional()


def _families() -> QuerySet[Family]:
    return Family.objects.select_related("municipality").prefetch_related(
        Prefetch("children", queryset=Child.objects.only("id").order_by("id")),
        Prefetch("adults", queryset=Guardian.objects.only("id").order_by("id")),
    )


def _children(actor: User, ids: list[int]) -> list[Child]:
    return look_up_all("children", policy.scope_registers(actor, Child.objects.all()), ids)


def _adults(actor: User, ids: list[int]) -> list[Guardian]:
    return look_up_all("adults", policy.scope_registers(actor, Guardian.objects.all()), ids)


@router.get(
    "",
    response={200: list[FamilyOut], **UNAUTHENTICATED},
    summary="List families",
    description=(
        "Families registered in the municipalities you administer, ordered by name. Each "
        "page is written to the audit log (`family.listed`), and each child's access log "
        "shows it."
    ),
)
@paginated()
def list_families(request: HttpRequest, municipality: str | None = None) -> QuerySet[Family]:
    actor = actor_of(request)
    families = policy.scope_registers(actor, _families())
    if municipality:
        families = families.filter(municipality__number=municipality)
    return audited(
        families.order_by("name", "id"),
        actor=actor,
        action="family.listed",
        reason=policy.MANAGE_REGISTERS,
        children_of=lambda page: [child.pk for family in page for child in family.children.all()],
    )


@router.post(
    "",
    response={201: FamilyOut, **UNAUTHENTICATED, **INVALID},
    summary="Register a family",
)
def create_family(request: HttpRequest, payload: FamilyIn) -> Status[Family]:
    actor = actor_of(request)
    municipality = look_up(
        "municipality", lambda: policy.get_municipality_for(actor, payload.municipality)
    )
    family = do_create_family(
        actor,
        municipality=municipality,
        name=payload.name,
        children=_children(actor, payload.children),
        adults=_adults(actor, payload.adults),
    )
    return Status(201, _families().get(pk=family.pk))


@router.get(
    "/{int:family_id}",
    response={200: FamilyOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a family",
)
def get_family(request: HttpRequest, family_id: int) -> Family:
    family = policy.get_family_for(actor_of(request), family_id)
    return _families().get(pk=family.pk)


@router.patch(
    "/{int:family_id}",
    response={200: FamilyOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change a family",
)
def update_family(request: HttpRequest, family_id: int, payload: FamilyPatch) -> Family:
    actor = actor_of(request)
    family = policy.get_family_for(actor, family_id)
    changes = payload.model_dump(exclude_unset=True)
    if "children" in changes:
        changes["children"] = _children(actor, payload.children)
    if "adults" in changes:
        changes["adults"] = _adults(actor, payload.adults)
    do_update_family(family, actor=actor, **changes)
    return _families().get(pk=family.pk)
