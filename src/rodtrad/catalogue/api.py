"""/api/v1/catalogue: the catalogue of help, and its Open Referral HSDS export
and import.

Reading needs no token: without one you get the public, active entries, as
on the public pages. With a token you get what the employee behind it may
see (internal entries of the municipalities their units serve; everything of
the municipalities they administer). A token that is sent must be valid
(401 otherwise). Changing the catalogue needs an administrator's token; what
you do not administer does not exist for you (404, or 422 `Municipality not
found` for the municipality in a request body).
"""

import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.api.auth import ApiTokenAuth, actor_of
from rodtrad.api.common import InputSchema, look_up, municipality_field, optional, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.catalogue import access, hsds
from rodtrad.catalogue.actions import (
    ImportResult,
    do_create_intervention,
    do_delete_intervention,
    do_import_hsds,
    do_update_intervention,
)
from rodtrad.catalogue.models import (
    Access,
    Audience,
    Intervention,
    InterventionQuerySet,
    Language,
    Level,
    Need,
    Provider,
)
from rodtrad.catalogue.models import (
    Status as EntryStatus,
)
from rodtrad.organisation.models import Municipality, UnitKind

router = Router(tags=["catalogue"])


class TokenOrAnonymous(ApiTokenAuth):
    """No Authorization header: anonymous. A header: it must hold a valid token."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            return AnonymousUser()
        return super().__call__(request)


PUBLIC = TokenOrAnonymous()


def reader_of(request: HttpRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else AnonymousUser()


class ProviderOut(Schema):
    id: int
    hsds_id: uuid.UUID
    name: str


class InterventionOut(Schema):
    id: int
    hsds_id: uuid.UUID = Field(description="The entry's id in HSDS exports.")
    municipality: str = Field(description="Kommunenummer of the owning municipality.")
    name: str
    alternate_name: str
    description: str
    provider: ProviderOut
    level: Level = Field(description="Prevention pyramid: green, yellow or red.")
    minimum_age: int | None
    maximum_age: int | None
    target_group: str
    audiences: list[Audience]
    needs: list[Need]
    access: Access
    how_to_get: str
    contact_role: str
    phone: str
    email: str
    website: str
    opening_hours: str
    languages: list[Language]
    fees: str
    evidence_base: str
    must_unit_kinds: list[UnitKind]
    should_unit_kinds: list[UnitKind]
    is_public: bool
    status: EntryStatus

    @staticmethod
    def resolve_municipality(obj: Intervention) -> str:
        return obj.municipality.number


class InterventionIn(InputSchema):
    municipality: str = municipality_field()
    provider: int = Field(description="Id of a provider of the same municipality.")
    name: str
    alternate_name: str = ""
    description: str
    level: Level
    minimum_age: int | None = Field(None, ge=0, le=99)
    maximum_age: int | None = Field(None, ge=0, le=99)
    target_group: str = ""
    audiences: list[Audience] = []
    needs: list[Need] = []
    access: Access
    how_to_get: str = ""
    contact_role: str = Field("", description="A role, never a person's name.")
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""
    languages: list[Language] = []
    fees: str = ""
    evidence_base: str = ""
    must_unit_kinds: list[UnitKind] = []
    should_unit_kinds: list[UnitKind] = []
    is_public: bool = False
    status: EntryStatus = EntryStatus.ACTIVE


class InterventionPatch(InputSchema):
    """Only the fields sent are changed."""

    provider: int = optional()
    name: str = optional()
    alternate_name: str = optional()
    description: str = optional()
    level: Level = optional()
    minimum_age: int | None = Field(None, ge=0, le=99)
    maximum_age: int | None = Field(None, ge=0, le=99)
    target_group: str = optional()
    audiences: list[Audience] = optional()
    needs: list[Need] = optional()
    access: Access = optional()
    how_to_get: str = optional()
    contact_role: str = optional()
    phone: str = optional()
    email: str = optional()
    website: str = optional()
    opening_hours: str = optional()
    languages: list[Language] = optional()
    fees: str = optional()
    evidence_base: str = optional()
    must_unit_kinds: list[UnitKind] = optional()
    should_unit_kinds: list[UnitKind] = optional()
    is_public: bool = optional()
    status: EntryStatus = optional()


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    providers_created: int
    providers_updated: int


def _entries(queryset: InterventionQuerySet) -> InterventionQuerySet:
    return queryset.select_related("municipality", "provider")


def _provider(actor: User, provider_id: int, municipality_id: int) -> Provider:
    provider = look_up("provider", lambda: access.get_provider_for(actor, provider_id))
    if provider.municipality_id != municipality_id:
        from django.core.exceptions import ValidationError

        from rodtrad.api.errors import not_found_message

        raise ValidationError({"provider": [not_found_message(Provider)]})
    return provider


@router.get(
    "/interventions",
    response={200: list[InterventionOut], **UNAUTHENTICATED},
    auth=PUBLIC,
    summary="List catalogue entries",
    description=(
        "Without a token: the public, active entries. With a token: also what the "
        "employee may see. Filters: `municipality`, `q` (Norwegian full-text search), "
        "`age`, `need`, `level`."
    ),
)
@paginated()
def list_interventions(
    request: HttpRequest,
    municipality: str | None = None,
    q: str | None = None,
    age: int | None = None,
    need: Need | None = None,
    level: Level | None = None,
) -> QuerySet[Intervention]:
    entries = access.visible_interventions(reader_of(request))
    if municipality:
        entries = entries.filter(municipality__number=municipality)
    if age is not None:
        entries = entries.for_ages(age, age)
    if need:
        entries = entries.filter(needs__contains=[need])
    if level:
        entries = entries.filter(level=level)
    text = " ".join((q or "").split())[:100]
    if text:
        return _entries(entries.search(text))
    return _entries(entries).order_by("name", "id")


@router.get(
    "/interventions/{int:intervention_id}",
    response={200: InterventionOut, **UNAUTHENTICATED, **NOT_FOUND},
    auth=PUBLIC,
    summary="Read a catalogue entry",
)
def get_intervention(request: HttpRequest, intervention_id: int) -> Intervention:
    return access.get_intervention_for(reader_of(request), intervention_id)


@router.post(
    "/interventions",
    response={201: InterventionOut, **UNAUTHENTICATED, **INVALID},
    summary="Create a catalogue entry",
    description="Administrators only, in a municipality they administer.",
)
def create_intervention(request: HttpRequest, payload: InterventionIn) -> Status[Intervention]:
    actor = actor_of(request)
    municipality = look_up(
        "municipality", lambda: policy.get_municipality_for(actor, payload.municipality)
    )
    values = payload.model_dump(exclude={"municipality", "provider"})
    values["provider"] = _provider(actor, payload.provider, municipality.pk)
    intervention = do_create_intervention(actor, municipality=municipality, **values)
    return Status(201, _entries(Intervention.objects.filter(pk=intervention.pk)).get())


@router.patch(
    "/interventions/{int:intervention_id}",
    response={200: InterventionOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Change a catalogue entry",
)
def update_intervention(
    request: HttpRequest, intervention_id: int, payload: InterventionPatch
) -> Intervention:
    actor = actor_of(request)
    intervention = access.get_intervention_for(actor, intervention_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "provider" in changes:
        changes["provider"] = _provider(actor, payload.provider, intervention.municipality_id)
    do_update_intervention(intervention, actor=actor, **changes)
    return _entries(Intervention.objects.filter(pk=intervention.pk)).get()


@router.delete(
    "/interventions/{int:intervention_id}",
    response={204: None, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Delete a catalogue entry",
    description="Prefer setting `status` to `inactive` for an entry measures point to.",
)
def delete_intervention(request: HttpRequest, intervention_id: int) -> Status[None]:
    actor = actor_of(request)
    intervention = access.get_intervention_for(actor, intervention_id, write=True)
    do_delete_intervention(intervention, actor=actor)
    return Status(204, None)


def _municipality(number: str) -> Municipality:
    municipality = Municipality.objects.filter(number=number).first()
    if municipality is None:
        raise policy.NotFound(Municipality)
    return municipality


@router.get(
    "/hsds",
    response={200: dict[str, Any], **UNAUTHENTICATED, **NOT_FOUND},
    auth=PUBLIC,
    summary="Export the catalogue as Open Referral HSDS",
    description=(
        "One municipality's catalogue as an HSDS 3 document (`format=json`, the default) "
        "or as HSDS's tabular form, a zip of CSV files with a datapackage.json "
        "(`format=csv`). What you get is what you may read (see the list)."
    ),
)
def export_hsds(
    request: HttpRequest, municipality: str, format: str = "json"
) -> HttpResponse | dict[str, Any]:
    place = _municipality(municipality)
    reader = reader_of(request)
    providers = (
        Provider.objects.filter(municipality=place)
        if access.can_manage_catalogue(reader, place.pk)
        else None
    )
    document = hsds.export_document(place, access.visible_interventions(reader), providers)
    if format == "csv":
        response = HttpResponse(hsds.document_to_csv_zip(document), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="hsds-{place.number}.zip"'
        return response
    return document


@router.post(
    "/hsds",
    response={200: ImportOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Import Open Referral HSDS into the catalogue",
    description=(
        "Administrators only. The body is an HSDS document as the export gives it "
        "(`application/json`) or a zip of HSDS CSV files (`application/zip`). Organizations "
        "and services are matched by their HSDS ids: new ones are created, known ones "
        "updated, and entries not in the file are left alone. All or nothing: with one "
        "error nothing is saved (422, messages keyed by the place in the document)."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
            },
            "required": True,
        }
    },
)
def import_hsds(request: HttpRequest, municipality: str) -> ImportResult:
    actor = actor_of(request)
    place = policy.get_municipality_for(actor, municipality)
    document = hsds.parse_body(request.body, request.content_type or "")
    return do_import_hsds(actor, municipality=place, document=document)
