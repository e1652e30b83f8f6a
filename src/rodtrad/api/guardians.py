"""/api/v1/guardians: the adults responsible for children, with their guardianships."""

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
from rodtrad.audit.log import record
from rodtrad.people.actions import GuardianshipSpec, do_create_guardian, do_update_guardian
from rodtrad.people.identity import mask
from rodtrad.people.models import Child, Guardian, Guardianship, Relation

router = Router(tags=["guardians"])

IDENTITY_NUMBER_DESCRIPTION = (
    "Fødselsnummer or D number, 11 digits; optional (empty or null: none). "
    "Sent in the body only, never in a URL."
)


class GuardianshipOut(Schema):
    child: int = Field(description="Id of the child.")
    relation: Relation
    parental_responsibility: bool
    lives_with_child: bool

    @staticmethod
    def resolve_child(obj: Guardianship) -> int:
        return obj.child_id


class GuardianSummary(Schema):
    """A guardian in a list: the identity number is masked to the birth date."""

    id: int
    municipality: str = Field(description="Kommunenummer.")
    identity_number_masked: str | None = Field(description="`DDMMYY *****`, or null.")
    given_name: str
    family_name: str
    phone: str
    email: str
    address: str
    guardianships: list[GuardianshipOut]

    @staticmethod
    def resolve_municipality(obj: Guardian) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_identity_number_masked(obj: Guardian) -> str | None:
        return mask(obj.identity_number) if obj.identity_number else None

    @staticmethod
    def resolve_guardianships(obj: Guardian) -> list[Guardianship]:
        return list(obj.guardianships.all())


class GuardianOut(GuardianSummary):
    identity_number: str | None = Field(description=IDENTITY_NUMBER_DESCRIPTION)


class GuardianshipIn(InputSchema):
    child: int = Field(description="Id of a child registered in the guardian's municipality.")
    relation: Relation
    parental_responsibility: bool = True
    lives_with_child: bool = True


class GuardianIn(InputSchema):
    municipality: str = municipality_field()
    identity_number: str | None = Field(None, description=IDENTITY_NUMBER_DESCRIPTION)
    given_name: str
    family_name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    guardianships: list[GuardianshipIn] = Field(default_factory=list)


class GuardianPatch(InputSchema):
    """Only the fields sent are changed; `guardianships` replaces the list."""

    identity_number: str | None = optional(IDENTITY_NUMBER_DESCRIPTION)
    given_name: str = optional()
    family_name: str = optional()
    phone: str = optional()
    email: str = optional()
    address: str = optional()
    guardianships: list[GuardianshipIn] = optional()


def _guardians() -> QuerySet[Guardian]:
    return Guardian.objects.select_related("municipality").prefetch_related(
        Prefetch("guardianships", queryset=Guardianship.objects.order_by("child_id"))
    )


def _guardianships(actor: User, guardianships: list[GuardianshipIn]) -> list[GuardianshipSpec]:
    children = look_up_all(
        "guardianships",
        policy.scope_registers(actor, Child.objects.all()),
        [guardianship.child for guardianship in guardianships],
    )
    return [
        GuardianshipSpec(
            child=child,
            relation=guardianship.relation,
            parental_responsibility=guardianship.parental_responsibility,
            lives_with_child=guardianship.lives_with_child,
        )
        for child, guardianship in zip(children, guardianships, strict=True)
    ]


@router.get(
    "",
    response={200: list[GuardianSummary], **UNAUTHENTICATED},
    summary="List guardians",
    description=(
        "Guardians registered in the municipalities you administer, ordered by family "
        "name and given name; `?child=ID` gives a child's guardians. Identity numbers "
        "are masked here. Each page is written to the audit log (`guardian.listed`), and "
        "the access log of each of their children shows it."
    ),
)
@paginated()
def list_guardians(
    request: HttpRequest, municipality: str | None = None, child: int | None = None
) -> QuerySet[Guardian]:
    actor = actor_of(request)
    guardians = policy.scope_registers(actor, _guardians())
    if municipality:
        guardians = guardians.filter(municipality__number=municipality)
    if child is not None:
        guardians = guardians.filter(guardianships__child_id=child)
    return audited(
        guardians.order_by("family_name", "given_name", "id"),
        actor=actor,
        action="guardian.listed",
        reason=policy.MANAGE_REGISTERS,
        children_of=lambda page: [
            g.child_id for guardian in page for g in guardian.guardianships.all()
        ],
    )


@router.post(
    "",
    response={201: GuardianOut, **UNAUTHENTICATED, **INVALID},
    summary="Register a guardian",
    description=(
        "Registers a guardian in a municipality you administer, with the children "
        "(registered in the same municipality) they are guardian for."
    ),
)
def create_guardian(request: HttpRequest, payload: GuardianIn) -> Status[Guardian]:
    actor = actor_of(request)
    municipality = look_up(
        "municipality", lambda: policy.get_municipality_for(actor, payload.municipality)
    )
    guardian = do_create_guardian(
        actor,
        municipality=municipality,
        identity_number=payload.identity_number,
        given_name=payload.given_name,
        family_name=payload.family_name,
        phone=payload.phone,
        email=payload.email,
        address=payload.address,
        guardianships=_guardianships(actor, payload.guardianships),
    )
    return Status(201, _guardians().get(pk=guardian.pk))


@router.get(
    "/{int:guardian_id}",
    response={200: GuardianOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a guardian",
)
def get_guardian(request: HttpRequest, guardian_id: int) -> Guardian:
    actor = actor_of(request)
    guardian = policy.get_guardian_for(actor, guardian_id)
    record(
        "guardian.read",
        actor=actor,
        obj=guardian,
        municipality_id=guardian.municipality_id,
        reason=policy.MANAGE_REGISTERS,
    )
    return _guardians().get(pk=guardian.pk)


@router.patch(
    "/{int:guardian_id}",
    response={200: GuardianOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change a guardian",
)
def update_guardian(request: HttpRequest, guardian_id: int, payload: GuardianPatch) -> Guardian:
    actor = actor_of(request)
    guardian = policy.get_guardian_for(actor, guardian_id)
    changes = payload.model_dump(exclude_unset=True)
    if "guardianships" in changes:
        changes["guardianships"] = _guardianships(actor, payload.guardianships)
    do_update_guardian(guardian, actor=actor, **changes)
    return _guardians().get(pk=guardian.pk)
