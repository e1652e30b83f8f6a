"""Open Referral HSDS export and import: the demo catalogue survives a round
trip into an empty database, as JSON and as CSV, with nothing lost."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

import pytest

from rodtrad.accounts.models import User
from rodtrad.catalogue import hsds
from rodtrad.catalogue.actions import do_import_hsds
from rodtrad.catalogue.demo import ENTRIES, load_catalogue_demo
from rodtrad.catalogue.models import Intervention, Provider
from rodtrad.guide.models import GuidePage
from rodtrad.organisation.models import Municipality, Unit
from tests.catalogue.conftest import ApiClient

# Everything a catalogue entry holds, except its database ids.
STORED = [
    "hsds_id",
    "name",
    "alternate_name",
    "description",
    "provider__hsds_id",
    "provider__name",
    "provider__description",
    "provider__email",
    "provider__phone",
    "provider__website",
    "level",
    "minimum_age",
    "maximum_age",
    "target_group",
    "audiences",
    "needs",
    "access",
    "how_to_get",
    "contact_role",
    "phone",
    "email",
    "website",
    "opening_hours",
    "languages",
    "fees",
    "evidence_base",
    "must_unit_kinds",
    "should_unit_kinds",
    "is_public",
    "status",
]


def stored_catalogue(municipality: Municipality) -> list[dict[str, Any]]:
    return list(
        Intervention.objects.filter(municipality=municipality).order_by("hsds_id").values(*STORED)
    )


def export_of(api: ApiClient, number: str, **params: str) -> Any:
    response = api.get("/catalogue/hsds", municipality=number, **params)
    assert response.status_code == 200
    return response


def empty_the_database(municipality: Municipality) -> None:
    """Everything the catalogue lives on goes, the municipality's units too."""
    Intervention.objects.all().delete()
    Provider.objects.all().delete()
    GuidePage.objects.all().delete()
    Unit.objects.filter(municipality=municipality).exclude(memberships__isnull=False).delete()


@pytest.fixture
def demo_catalogue(municipality: Municipality, kindergarten: Unit) -> Municipality:
    load_catalogue_demo(municipality)
    return municipality


def test_it_round_trips_the_demo_catalogue_as_json_into_an_empty_database(
    demo_catalogue: Municipality, admin_api: ApiClient
) -> None:
    before = stored_catalogue(demo_catalogue)
    assert len(before) == len(ENTRIES)
    document = export_of(admin_api, "5028").json()
    empty_the_database(demo_catalogue)
    assert not Intervention.objects.exists() and not Provider.objects.exists()

    response = admin_api.post("/catalogue/hsds?municipality=5028", document)

    assert response.status_code == 200, response.json()
    assert response.json()["created"] == len(ENTRIES)
    assert stored_catalogue(demo_catalogue) == before
    assert export_of(admin_api, "5028").json() == document


def test_it_round_trips_the_demo_catalogue_as_csv_into_an_empty_database(
    demo_catalogue: Municipality, admin_api: ApiClient
) -> None:
    before = stored_catalogue(demo_catalogue)
    archive = export_of(admin_api, "5028", format="csv")
    assert archive["Content-Type"] == "application/zip"
    empty_the_database(demo_catalogue)

    response = admin_api.post(
        "/catalogue/hsds?municipality=5028", archive.content, content_type="application/zip"
    )

    assert response.status_code == 200, response.json()
    assert stored_catalogue(demo_catalogue) == before
    assert export_of(admin_api, "5028", format="csv").content == archive.content


def test_it_writes_the_tabular_files_and_a_data_package(
    demo_catalogue: Municipality, admin_api: ApiClient
) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_of(admin_api, "5028", format="csv").content))
    names = set(archive.namelist())
    assert {"datapackage.json", "services.csv", "organizations.csv", "attributes.csv"} <= names
    package = json.loads(archive.read("datapackage.json"))
    assert {r["path"] for r in package["resources"]} == names - {"datapackage.json"}


def test_it_carries_level_access_and_visibility_as_attributes(
    demo_catalogue: Municipality, admin_api: ApiClient
) -> None:
    document = export_of(admin_api, "5028").json()
    pmto = next(s for s in document["services"] if s["alternate_name"] == "PMTO")
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in pmto["attributes"]
    }
    assert ("rodtrad-prevention-level", "yellow") in terms
    assert ("rodtrad-access", "referral") in terms
    assert ("rodtrad-visibility", "public") in terms
    assert (pmto["minimum_age"], pmto["maximum_age"]) == (3, 12)
    assert pmto["organization_id"] in {o["id"] for o in document["organizations"]}


def test_it_exports_only_public_entries_to_anonymous_readers(
    demo_catalogue: Municipality, anonymous_api: ApiClient
) -> None:
    document = export_of(anonymous_api, "5028").json()
    internal = {entry.name for entry in ENTRIES if not entry.public}
    assert internal
    assert not internal & {service["name"] for service in document["services"]}


def test_it_answers_404_for_an_unknown_municipality(anonymous_api: ApiClient) -> None:
    assert anonymous_api.get("/catalogue/hsds", municipality="0000").status_code == 404


def test_it_needs_an_administrator_to_import(
    demo_catalogue: Municipality,
    anonymous_api: ApiClient,
    employee_api: ApiClient,
    other_admin_api: ApiClient,
    admin_api: ApiClient,
) -> None:
    document = export_of(admin_api, "5028").json()
    path = "/catalogue/hsds?municipality=5028"
    assert anonymous_api.post(path, document).status_code == 401
    assert employee_api.post(path, document).status_code == 404
    assert other_admin_api.post(path, document).status_code == 404


def test_it_updates_entries_it_knows_and_leaves_the_rest(
    demo_catalogue: Municipality, admin_api: ApiClient
) -> None:
    document = export_of(admin_api, "5028").json()
    document["services"] = document["services"][:1]
    document["services"][0]["description"] = "Ny beskrivelse."
    response = admin_api.post("/catalogue/hsds?municipality=5028", document)
    assert response.json()["updated"] == 1
    assert Intervention.objects.count() == len(ENTRIES)
    assert Intervention.objects.filter(description="Ny beskrivelse.").count() == 1


def test_it_saves_nothing_when_one_service_is_wrong(
    municipality: Municipality, admin_api: ApiClient
) -> None:
    organization = {"id": str(uuid.uuid4()), "name": "Familiesenteret", "description": ""}
    good = {
        "id": str(uuid.uuid4()),
        "organization_id": organization["id"],
        "name": "Familieveiledere",
        "description": "Samtaler for familier.",
        "status": "active",
        "attributes": [
            {"taxonomy_term_id": hsds.LEVEL.term_id("yellow")},
            {"taxonomy_term_id": hsds.ACCESS.term_id("open")},
        ],
    }
    bad = {**good, "id": str(uuid.uuid4()), "attributes": [], "minimum_age": 2.5}
    document = {"organizations": [organization], "services": [good, bad]}

    response = admin_api.post("/catalogue/hsds?municipality=5028", document)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"services.1.attributes", "services.1.minimum_age"}
    assert not Intervention.objects.exists()
    assert not Provider.objects.exists()


def test_it_reads_taxonomy_terms_by_code_from_other_systems(
    municipality: Municipality, admin_user: User
) -> None:
    """A file made elsewhere names our terms by taxonomy and code, with its own ids."""
    document = {
        "services": [
            {
                "id": str(uuid.uuid4()),
                "name": "Åpen barnehage",
                "description": "Møteplass for små barn og foreldre.",
                "organization": {"id": str(uuid.uuid4()), "name": "Frivilligsentralen"},
                "minimum_age": 0,
                "maximum_age": 5,
                "attributes": [
                    {"taxonomy_term": {"taxonomy": "rodtrad-prevention-level", "code": "green"}},
                    {"taxonomy_term_id": "x1"},
                    {"taxonomy_term_id": "x2", "value": "must"},
                ],
            }
        ],
        "taxonomy_terms": [
            {"id": "x1", "taxonomy": "rodtrad-access", "code": "open"},
            {"id": "x2", "taxonomy": "rodtrad-unit-kind", "code": "kindergarten"},
        ],
    }
    result = do_import_hsds(
        admin_user, municipality=municipality, document=hsds.parse_document(document)
    )
    assert result.created == 1
    entry = Intervention.objects.get()
    assert (entry.level, entry.access, entry.is_public) == ("green", "open", False)
    assert entry.must_unit_kinds == ["kindergarten"]


def test_it_refuses_a_body_that_is_neither_json_nor_a_zip(admin_api: ApiClient) -> None:
    response = admin_api.post("/catalogue/hsds?municipality=5028", "not json")
    assert response.status_code == 422
