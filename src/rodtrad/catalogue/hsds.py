"""Open Referral HSDS (Human Services Data Specification, version 3) in and out.

The export is one JSON document whose objects follow HSDS's schemas:

    {"hsds_version": "3.1", "organizations": [...], "services": [...],
     "taxonomies": [...], "taxonomy_terms": [...]}

or the same as HSDS's tabular form: a zip with one CSV file per table
(organizations.csv, services.csv, phones.csv, ...) and a datapackage.json.

Fields HSDS has (name, description, minimum_age, application_process, ...)
map one to one. What HSDS has no field for travels as `attributes` with Rød
tråd's own taxonomies: the pyramid level, how to get it, needs, audiences,
visibility and the unit kinds that must or should offer it. Every id in an
export is stable (the entry's own UUID, or a UUID derived from it), so an
export imported and exported again is the same document.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from rodtrad.catalogue.models import (
    Access,
    Audience,
    Intervention,
    Language,
    Level,
    Need,
    Provider,
    Status,
)
from rodtrad.organisation.models import Municipality, UnitKind

HSDS_VERSION = "3.1"
# Every derived id comes from this namespace, so all deployments agree on them.
NAMESPACE = uuid.UUID("5d1c2f9e-6c0b-4b8e-9a55-0f2d7c6e4a10")
TAXONOMY_PREFIX = "rodtrad-"
VISIBILITY_PUBLIC = "public"
VISIBILITY_INTERNAL = "internal"
MUST = "must"
SHOULD = "should"


@dataclass(frozen=True)
class Taxonomy:
    name: str  # also the attribute's link_type without the prefix
    description: str
    terms: Sequence[tuple[str, Any]]  # (code, label)

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"taxonomy/{self.name}"))

    def term_id(self, code: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"term/{self.name}/{code}"))


TAXONOMIES = {
    taxonomy.name: taxonomy
    for taxonomy in (
        Taxonomy(
            "rodtrad-prevention-level",
            "Nivå i forebyggingspyramiden: universell (grønn), selektiv (gul), indikert (rød).",
            Level.choices,
        ),
        Taxonomy(
            "rodtrad-access",
            "Hvordan man får tilbudet: ta kontakt selv, henvisning eller søknad og vedtak.",
            Access.choices,
        ),
        Taxonomy("rodtrad-need", "Hva tilbudet hjelper med.", Need.choices),
        Taxonomy("rodtrad-audience", "Hvem tilbudet er for.", Audience.choices),
        Taxonomy(
            "rodtrad-visibility",
            "Offentlig (vises for alle) eller intern (bare for ansatte).",
            [(VISIBILITY_PUBLIC, "Offentlig"), (VISIBILITY_INTERNAL, "Intern")],
        ),
        Taxonomy(
            "rodtrad-unit-kind",
            "Tjenester som skal (value «must») eller bør (value «should») gi tilbudet.",
            UnitKind.choices,
        ),
    )
}
LEVEL = TAXONOMIES["rodtrad-prevention-level"]
ACCESS = TAXONOMIES["rodtrad-access"]
NEED = TAXONOMIES["rodtrad-need"]
AUDIENCE = TAXONOMIES["rodtrad-audience"]
VISIBILITY = TAXONOMIES["rodtrad-visibility"]
UNIT_KIND = TAXONOMIES["rodtrad-unit-kind"]
TERMS_BY_ID = {
    taxonomy.term_id(code): (taxonomy.name, code)
    for taxonomy in TAXONOMIES.values()
    for code, _label in taxonomy.terms
}


def _derived_id(owner: uuid.UUID | str, what: str) -> str:
    return str(uuid.uuid5(uuid.UUID(str(owner)), what))


# Export


def _term(taxonomy: Taxonomy, code: str) -> dict[str, Any]:
    labels = dict(taxonomy.terms)
    return {
        "id": taxonomy.term_id(code),
        "code": code,
        "name": str(labels[code]),
        "description": "",
        "taxonomy_id": taxonomy.id,
        "taxonomy": taxonomy.name,
        "language": "nob",
    }


def _attribute(service_id: str, taxonomy: Taxonomy, code: str, value: str = "") -> dict[str, Any]:
    link_type = taxonomy.name.removeprefix(TAXONOMY_PREFIX)
    return {
        "id": _derived_id(service_id, f"attribute/{taxonomy.name}/{code}"),
        "link_id": service_id,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": taxonomy.term_id(code),
        "value": value,
        "taxonomy_term": _term(taxonomy, code),
    }


def _service_attributes(intervention: Intervention, service_id: str) -> list[dict[str, Any]]:
    attributes = [
        _attribute(service_id, LEVEL, intervention.level),
        _attribute(service_id, ACCESS, intervention.access),
        _attribute(
            service_id,
            VISIBILITY,
            VISIBILITY_PUBLIC if intervention.is_public else VISIBILITY_INTERNAL,
        ),
    ]
    attributes += [_attribute(service_id, NEED, code) for code in intervention.needs]
    attributes += [_attribute(service_id, AUDIENCE, code) for code in intervention.audiences]
    attributes += [
        _attribute(service_id, UNIT_KIND, code, MUST) for code in intervention.must_unit_kinds
    ]
    attributes += [
        _attribute(service_id, UNIT_KIND, code, SHOULD) for code in intervention.should_unit_kinds
    ]
    return attributes


def _organization(provider: Provider) -> dict[str, Any]:
    organization_id = str(provider.hsds_id)
    phones = []
    if provider.phone:
        phones.append(
            {
                "id": _derived_id(organization_id, "phone"),
                "organization_id": organization_id,
                "number": provider.phone,
            }
        )
    return {
        "id": organization_id,
        "name": provider.name,
        "description": provider.description,
        "email": provider.email,
        "website": provider.website,
        "phones": phones,
    }


def _service(intervention: Intervention, municipality: Municipality) -> dict[str, Any]:
    service_id = str(intervention.hsds_id)
    languages = dict(Language.choices)
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": str(intervention.provider.hsds_id),
        "name": intervention.name,
        "alternate_name": intervention.alternate_name,
        "description": intervention.description,
        "url": intervention.website,
        "email": intervention.email,
        "status": intervention.status,
        "application_process": intervention.how_to_get,
        "fees_description": intervention.fees,
        "accreditations": intervention.evidence_base,
        "eligibility_description": intervention.target_group,
        "minimum_age": intervention.minimum_age,
        "maximum_age": intervention.maximum_age,
        "phones": [],
        "schedules": [],
        "languages": [
            {
                "id": _derived_id(service_id, f"language/{code}"),
                "service_id": service_id,
                "code": code,
                "name": str(languages.get(code, code)),
            }
            for code in intervention.languages
        ],
        "contacts": [],
        "service_areas": [
            {
                "id": _derived_id(service_id, f"service_area/{municipality.number}"),
                "service_id": service_id,
                "name": municipality.name,
                "description": f"Kommunenummer {municipality.number}",
            }
        ],
        "attributes": _service_attributes(intervention, service_id),
    }
    if intervention.phone:
        service["phones"].append(
            {
                "id": _derived_id(service_id, "phone"),
                "service_id": service_id,
                "number": intervention.phone,
            }
        )
    if intervention.opening_hours:
        service["schedules"].append(
            {
                "id": _derived_id(service_id, "schedule"),
                "service_id": service_id,
                "description": intervention.opening_hours,
            }
        )
    if intervention.contact_role:
        service["contacts"].append(
            {
                "id": _derived_id(service_id, "contact"),
                "service_id": service_id,
                "title": intervention.contact_role,
            }
        )
    return service


def export_document(
    municipality: Municipality,
    interventions: QuerySet[Intervention],
    providers: QuerySet[Provider] | None = None,
) -> dict[str, Any]:
    """The HSDS document for these entries of one municipality. `providers`
    adds organizations that have no entry in `interventions`."""
    entries = list(
        interventions.filter(municipality=municipality)
        .select_related("provider")
        .order_by("name", "hsds_id")
    )
    organizations = {entry.provider.pk: entry.provider for entry in entries}
    if providers is not None:
        organizations.update({p.pk: p for p in providers.filter(municipality=municipality)})
    with translation.override("nb"):
        return {
            "hsds_version": HSDS_VERSION,
            "organizations": [
                _organization(provider)
                for provider in sorted(organizations.values(), key=lambda p: (p.name, p.hsds_id))
            ],
            "services": [_service(entry, municipality) for entry in entries],
            "taxonomies": [
                {
                    "id": taxonomy.id,
                    "name": taxonomy.name,
                    "description": taxonomy.description,
                    "version": "1",
                }
                for taxonomy in TAXONOMIES.values()
            ],
            "taxonomy_terms": [
                _term(taxonomy, code)
                for taxonomy in TAXONOMIES.values()
                for code, _label in taxonomy.terms
            ],
        }


# The tabular form: which columns each CSV file has, and where its rows come from.

TABLES: dict[str, list[str]] = {
    "organizations": ["id", "name", "description", "email", "website"],
    "services": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "application_process",
        "fees_description",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
    ],
    "phones": ["id", "organization_id", "service_id", "number"],
    "schedules": ["id", "service_id", "description"],
    "languages": ["id", "service_id", "code", "name"],
    "contacts": ["id", "service_id", "title"],
    "service_areas": ["id", "service_id", "name", "description"],
    "attributes": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"],
    "taxonomies": ["id", "name", "description", "version"],
    "taxonomy_terms": ["id", "code", "name", "description", "taxonomy_id", "taxonomy", "language"],
}
NESTED = ("phones", "schedules", "languages", "contacts", "service_areas", "attributes")


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _entry(name: str) -> zipfile.ZipInfo:
    """A file in the zip with a fixed time, so the same catalogue gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def document_to_csv_zip(document: Mapping[str, Any]) -> bytes:
    rows: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for organization in document.get("organizations", []):
        rows["organizations"].append(organization)
        rows["phones"].extend(organization.get("phones", []))
    for service in document.get("services", []):
        rows["services"].append(service)
        for table in NESTED:
            rows[table].extend(service.get(table, []))
    rows["taxonomies"] = list(document.get("taxonomies", []))
    rows["taxonomy_terms"] = list(document.get("taxonomy_terms", []))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        resources = []
        for table, columns in TABLES.items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows[table]:
                writer.writerow([_cell(row.get(column)) for column in columns])
            archive.writestr(_entry(f"{table}.csv"), text.getvalue())
            resources.append(
                {
                    "name": table.removesuffix("s") if table != "taxonomies" else "taxonomy",
                    "path": f"{table}.csv",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "profile": "tabular-data-resource",
                    "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
                }
            )
        package = {
            "name": "rodtrad-catalogue",
            "profile": "tabular-data-package",
            "hsds_version": document.get("hsds_version", HSDS_VERSION),
            "resources": resources,
        }
        archive.writestr(
            _entry("datapackage.json"), json.dumps(package, ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()


MESSAGE_BAD_ZIP = _("The file is not a zip archive of HSDS CSV files.")
MESSAGE_BAD_JSON = _("The request body could not be read. Send JSON or a zip of CSV files.")


def csv_zip_to_document(data: bytes) -> dict[str, Any]:
    """Read HSDS's tabular form back into the nested document `import` takes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationError(MESSAGE_BAD_ZIP, code="bad_zip") from None
    tables: dict[str, list[dict[str, str]]] = {}
    with archive:
        names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist()}
        for table in TABLES:
            name = names.get(f"{table}.csv")
            if name is None:
                tables[table] = []
                continue
            text = archive.read(name).decode("utf-8-sig")
            tables[table] = list(csv.DictReader(io.StringIO(text)))
    if not tables["services"] and not tables["organizations"]:
        raise ValidationError(MESSAGE_BAD_ZIP, code="bad_zip")

    def blank_to_none(row: dict[str, str], *columns: str) -> dict[str, Any]:
        result: dict[str, Any] = dict(row)
        for column in columns:
            if result.get(column, "") == "":
                result[column] = None
        return result

    by_service: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    org_phones: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for phone in tables["phones"]:
        if phone.get("service_id"):
            by_service[phone["service_id"]]["phones"].append(phone)
        elif phone.get("organization_id"):
            org_phones[phone["organization_id"]].append(phone)
    for table in NESTED:
        if table == "phones":
            continue
        key = "link_id" if table == "attributes" else "service_id"
        for row in tables[table]:
            by_service[row.get(key, "")][table].append(row)
    terms = {row["id"]: row for row in tables["taxonomy_terms"] if row.get("id")}
    for attribute in tables["attributes"]:
        term = terms.get(attribute.get("taxonomy_term_id", ""))
        if term is not None:
            attribute["taxonomy_term"] = term  # type: ignore[assignment]

    services = []
    for row in tables["services"]:
        service = blank_to_none(row, "minimum_age", "maximum_age")
        for table in NESTED:
            service[table] = by_service[row.get("id", "")][table]
        services.append(service)
    organizations = []
    for row in tables["organizations"]:
        organization: dict[str, Any] = dict(row)
        organization["phones"] = org_phones[row.get("id", "")]
        organizations.append(organization)
    return {
        "organizations": organizations,
        "services": services,
        "taxonomies": tables["taxonomies"],
        "taxonomy_terms": tables["taxonomy_terms"],
    }


# Import: reading a document into plain values the domain functions save.


class _Loose(BaseModel):
    """HSDS objects: fields we do not store are ignored, not refused."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class PhoneIn(_Loose):
    number: str | None = None


class ScheduleIn(_Loose):
    description: str | None = None


class LanguageIn(_Loose):
    code: str | None = None


class ContactIn(_Loose):
    title: str | None = None


class TermIn(_Loose):
    id: str | None = None
    code: str | None = None
    taxonomy: str | None = None


class AttributeIn(_Loose):
    taxonomy_term_id: str | None = None
    value: str | None = None
    taxonomy_term: TermIn | None = None


class OrganizationIn(_Loose):
    id: uuid.UUID
    name: str
    description: str | None = None
    email: str | None = None
    website: str | None = None
    phones: list[PhoneIn] = []


class ServiceIn(_Loose):
    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    organization: OrganizationIn | None = None
    name: str
    alternate_name: str | None = None
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: str | None = None
    application_process: str | None = None
    fees_description: str | None = None
    accreditations: str | None = None
    eligibility_description: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    phones: list[PhoneIn] = []
    schedules: list[ScheduleIn] = []
    languages: list[LanguageIn] = []
    contacts: list[ContactIn] = []
    attributes: list[AttributeIn] = []


class DocumentIn(_Loose):
    organizations: list[OrganizationIn] = []
    services: list[ServiceIn] = []
    contents: list[ServiceIn] = []  # an HSDS API page of /services
    taxonomy_terms: list[TermIn] = []


@dataclass
class ProviderData:
    hsds_id: uuid.UUID
    name: str
    description: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass
class InterventionData:
    hsds_id: uuid.UUID
    provider_hsds_id: uuid.UUID | None
    values: dict[str, Any] = field(default_factory=dict)
    # Where in the document each value came from, for error messages.
    path: str = ""


@dataclass
class ParsedDocument:
    providers: list[ProviderData]
    interventions: list[InterventionData]


MESSAGE_UNKNOWN_ORGANIZATION = _("The organization of this service is not in the file.")
MESSAGE_MISSING_LEVEL = _("Give the level (attribute with taxonomy rodtrad-prevention-level).")
MESSAGE_MISSING_ACCESS = _("Say how to get it (attribute with taxonomy rodtrad-access).")
MESSAGE_WHOLE_YEARS = _("Give the age in whole years.")
MESSAGE_UNKNOWN_STATUS = _("Unknown status.")
MESSAGE_DUPLICATE_ID = _("The same id is used twice in the file.")


def _text(value: str | None) -> str:
    return value or ""


def _age(value: float | None, path: str, errors: dict[str, list[Any]]) -> int | None:
    if value is None:
        return None
    if value != int(value) or value < 0:
        errors.setdefault(path, []).append(MESSAGE_WHOLE_YEARS)
        return None
    return int(value)


def _schema_errors(error: PydanticValidationError) -> dict[str, list[Any]]:
    from rodtrad.api.errors import schema_errors

    return schema_errors(error.errors())


# Attribute codes found for a service, per taxonomy: [(code, value), ...].
Classified = dict[str, list[tuple[str, str]]]


def _codes(classified: Classified, taxonomy: Taxonomy, value: str | None = None) -> list[str]:
    return [code for code, given in classified[taxonomy.name] if value is None or given == value]


def parse_document(raw: Any) -> ParsedDocument:
    """Check an HSDS document and turn it into values to save. Raises
    ValidationError with messages keyed by the place in the document
    (`services.2.attributes`), and nothing is saved."""
    if isinstance(raw, list):
        raw = {"services": raw}
    if not isinstance(raw, dict):
        raise ValidationError(MESSAGE_BAD_JSON, code="bad_document")
    try:
        document = DocumentIn.model_validate(raw)
    except PydanticValidationError as error:
        raise ValidationError(_schema_errors(error)) from None

    terms: dict[str, tuple[str, str]] = dict(TERMS_BY_ID)
    for term in document.taxonomy_terms:
        if term.id and term.taxonomy and term.code:
            terms.setdefault(term.id, (term.taxonomy, term.code))

    errors: dict[str, list[Any]] = {}
    providers: dict[uuid.UUID, ProviderData] = {}
    services = [*document.services, *document.contents]

    def add_provider(organization: OrganizationIn) -> None:
        phone = next((p.number for p in organization.phones if p.number), "")
        providers[organization.id] = ProviderData(
            hsds_id=organization.id,
            name=organization.name,
            description=_text(organization.description),
            email=_text(organization.email),
            phone=_text(phone),
            website=_text(organization.website),
        )

    for organization in document.organizations:
        add_provider(organization)
    for service in services:
        if service.organization is not None and service.organization.id not in providers:
            add_provider(service.organization)

    interventions: list[InterventionData] = []
    seen: set[uuid.UUID] = set()
    for index, service in enumerate(services):
        path = f"services.{index}"
        if service.id in seen:
            errors.setdefault(f"{path}.id", []).append(MESSAGE_DUPLICATE_ID)
        seen.add(service.id)
        provider_id = service.organization_id or (
            service.organization.id if service.organization else None
        )
        classified: Classified = defaultdict(list)
        for attribute in service.attributes:
            found = terms.get(attribute.taxonomy_term_id or "")
            if found is None and attribute.taxonomy_term is not None:
                term = attribute.taxonomy_term
                if term.taxonomy and term.code:
                    found = (term.taxonomy, term.code)
            if found is not None:
                classified[found[0]].append((found[1], _text(attribute.value)))

        level = _codes(classified, LEVEL)
        access = _codes(classified, ACCESS)
        if not level:
            errors.setdefault(f"{path}.attributes", []).append(MESSAGE_MISSING_LEVEL)
        if not access:
            errors.setdefault(f"{path}.attributes", []).append(MESSAGE_MISSING_ACCESS)
        status = service.status or Status.ACTIVE
        if status not in Status.values:
            errors.setdefault(f"{path}.status", []).append(MESSAGE_UNKNOWN_STATUS)
        values = {
            "name": service.name,
            "alternate_name": _text(service.alternate_name),
            "description": _text(service.description),
            "website": _text(service.url),
            "email": _text(service.email),
            "status": status,
            "how_to_get": _text(service.application_process),
            "fees": _text(service.fees_description),
            "evidence_base": _text(service.accreditations),
            "target_group": _text(service.eligibility_description),
            "minimum_age": _age(service.minimum_age, f"{path}.minimum_age", errors),
            "maximum_age": _age(service.maximum_age, f"{path}.maximum_age", errors),
            "phone": next((_text(p.number) for p in service.phones if p.number), ""),
            "opening_hours": next(
                (_text(s.description) for s in service.schedules if s.description), ""
            ),
            "contact_role": next((_text(c.title) for c in service.contacts if c.title), ""),
            "languages": list(dict.fromkeys(lang.code for lang in service.languages if lang.code)),
            "level": level[0] if level else "",
            "access": access[0] if access else "",
            "needs": list(dict.fromkeys(_codes(classified, NEED))),
            "audiences": list(dict.fromkeys(_codes(classified, AUDIENCE))),
            "is_public": VISIBILITY_PUBLIC in _codes(classified, VISIBILITY),
            "must_unit_kinds": list(dict.fromkeys(_codes(classified, UNIT_KIND, MUST))),
            "should_unit_kinds": list(dict.fromkeys(_codes(classified, UNIT_KIND, SHOULD))),
        }
        if provider_id is None:
            # A service must name its organization; one already in the catalogue
            # may be referred to by id alone (checked when saving).
            errors.setdefault(f"{path}.organization_id", []).append(MESSAGE_UNKNOWN_ORGANIZATION)
        interventions.append(InterventionData(service.id, provider_id, values, path))
    if errors:
        raise ValidationError(errors)
    return ParsedDocument(list(providers.values()), interventions)


def parse_body(body: bytes, content_type: str) -> ParsedDocument:
    """A request body: JSON, or (zip content type or zip magic) HSDS CSV files."""
    if content_type in {"application/zip", "application/x-zip-compressed"} or body[:2] == b"PK":
        return parse_document(csv_zip_to_document(body))
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(MESSAGE_BAD_JSON, code="bad_json") from None
    return parse_document(raw)


# Field of an Intervention -> where it is in a service object (for error messages).
FIELD_PATHS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "website": "url",
    "email": "email",
    "status": "status",
    "how_to_get": "application_process",
    "fees": "fees_description",
    "evidence_base": "accreditations",
    "target_group": "eligibility_description",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "phone": "phones",
    "opening_hours": "schedules",
    "contact_role": "contacts",
    "languages": "languages",
    "provider": "organization_id",
}


def document_paths(path: str, errors: Mapping[str, Iterable[Any]]) -> dict[str, list[Any]]:
    """A model's errors, keyed by where the values are in the document."""
    return {
        f"{path}.{FIELD_PATHS.get(name, 'attributes')}": list(messages)
        for name, messages in errors.items()
    }
