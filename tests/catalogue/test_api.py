"""/api/v1/catalogue/interventions: public read without a token, writes for
administrators only; what is out of reach does not exist."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rodtrad.audit.models import AuditEvent
from rodtrad.catalogue.models import Intervention, Provider
from tests.catalogue.conftest import ApiClient, make_intervention


def names(response: object) -> list[str]:
    return [item["name"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def new_entry(provider: Provider) -> dict[str, object]:
    return {
        "municipality": provider.municipality.number,
        "provider": provider.pk,
        "name": "PMTO",
        "description": "Foreldreveiledning ved atferdsvansker.",
        "level": "yellow",
        "access": "referral",
        "minimum_age": 3,
        "maximum_age": 12,
        "needs": ["parenting", "behaviour"],
        "audiences": ["parents"],
        "is_public": True,
    }


def test_it_lists_public_entries_without_a_token(
    anonymous_api: ApiClient, public_entry: Intervention, internal_entry: Intervention
) -> None:
    response = anonymous_api.get("/catalogue/interventions")
    assert response.status_code == 200
    assert names(response) == [public_entry.name]
    item = response.json()["items"][0]
    assert item["level"] == "yellow"
    assert item["municipality"] == "5028"
    assert item["provider"]["name"] == "Familiesenteret Melhus"


def test_it_hides_internal_entries_from_anonymous_readers(
    anonymous_api: ApiClient, internal_entry: Intervention
) -> None:
    assert anonymous_api.get(f"/catalogue/interventions/{internal_entry.pk}").status_code == 404


def test_it_hides_inactive_entries_from_anonymous_readers(
    anonymous_api: ApiClient, provider: Provider
) -> None:
    closed = make_intervention(provider, name="Nedlagt tilbud", status="inactive")
    assert anonymous_api.get(f"/catalogue/interventions/{closed.pk}").status_code == 404
    assert names(anonymous_api.get("/catalogue/interventions")) == []


def test_it_reads_a_public_entry_without_a_token(
    anonymous_api: ApiClient, public_entry: Intervention
) -> None:
    response = anonymous_api.get(f"/catalogue/interventions/{public_entry.pk}")
    assert response.status_code == 200
    assert response.json()["hsds_id"] == str(public_entry.hsds_id)


def test_it_refuses_a_bad_token_even_for_reading(
    bad_token_api: ApiClient, public_entry: Intervention
) -> None:
    assert bad_token_api.get("/catalogue/interventions").status_code == 401


def test_it_shows_internal_entries_to_employees_of_the_municipality(
    employee_api: ApiClient, public_entry: Intervention, internal_entry: Intervention
) -> None:
    response = employee_api.get("/catalogue/interventions")
    assert sorted(names(response)) == sorted([public_entry.name, internal_entry.name])


def test_it_hides_internal_entries_of_other_municipalities(
    other_admin_api: ApiClient, internal_entry: Intervention, other_entry: Intervention
) -> None:
    assert names(other_admin_api.get("/catalogue/interventions")) == [other_entry.name]
    response = other_admin_api.get(f"/catalogue/interventions/{internal_entry.pk}")
    assert response.status_code == 404


def test_it_filters_by_age_need_level_and_text(
    anonymous_api: ApiClient, provider: Provider, public_entry: Intervention
) -> None:
    make_intervention(
        provider,
        name="Helsestasjon for ungdom",
        description="Åpent for ungdom som vil snakke om kropp og følelser.",
        level="green",
        minimum_age=13,
        maximum_age=24,
        needs=["health"],
    )
    assert names(anonymous_api.get("/catalogue/interventions", age=4)) == [public_entry.name]
    assert names(anonymous_api.get("/catalogue/interventions", need="health")) == [
        "Helsestasjon for ungdom"
    ]
    assert names(anonymous_api.get("/catalogue/interventions", level="yellow")) == [
        public_entry.name
    ]
    # Norwegian stemming: "følelsene" finds "følelser".
    assert names(anonymous_api.get("/catalogue/interventions", q="følelsene")) == [
        "Helsestasjon for ungdom"
    ]


def test_it_lists_without_a_query_per_entry(anonymous_api: ApiClient, provider: Provider) -> None:
    for number in range(5):
        make_intervention(provider, name=f"Tilbud {number}")
    with CaptureQueriesContext(connection) as queries:
        response = anonymous_api.get("/catalogue/interventions")
    assert response.json()["count"] == 5
    assert len(queries) <= 3


def test_it_lets_an_administrator_create_an_entry(admin_api: ApiClient, provider: Provider) -> None:
    response = admin_api.post("/catalogue/interventions", new_entry(provider))
    assert response.status_code == 201, response.json()
    entry = Intervention.objects.get(pk=response.json()["id"])
    assert entry.needs == ["parenting", "behaviour"]
    event = AuditEvent.objects.get(action="catalogue.intervention_created")
    assert event.object_id == str(entry.pk)


def test_it_needs_a_token_to_create(anonymous_api: ApiClient, provider: Provider) -> None:
    assert anonymous_api.post("/catalogue/interventions", new_entry(provider)).status_code == 401
    assert not Intervention.objects.exists()


@pytest.mark.parametrize("client", ["employee_api", "other_admin_api"])
def test_it_refuses_creation_by_others_as_if_the_municipality_did_not_exist(
    client: str, request: pytest.FixtureRequest, provider: Provider
) -> None:
    api: ApiClient = request.getfixturevalue(client)
    response = api.post("/catalogue/interventions", new_entry(provider))
    assert response.status_code == 422
    assert "municipality" in response.json()["errors"]
    assert not Intervention.objects.exists()


def test_it_refuses_a_provider_of_another_municipality(
    admin_api: ApiClient, provider: Provider, other_provider: Provider
) -> None:
    body = {**new_entry(provider), "provider": other_provider.pk}
    response = admin_api.post("/catalogue/interventions", body)
    assert response.status_code == 422
    assert "provider" in response.json()["errors"]


def test_it_refuses_ages_in_the_wrong_order(admin_api: ApiClient, provider: Provider) -> None:
    body = {**new_entry(provider), "minimum_age": 12, "maximum_age": 3}
    response = admin_api.post("/catalogue/interventions", body)
    assert response.status_code == 422
    assert "maximum_age" in response.json()["errors"]


def test_it_lets_an_administrator_change_an_entry(
    admin_api: ApiClient, public_entry: Intervention
) -> None:
    response = admin_api.patch(
        f"/catalogue/interventions/{public_entry.pk}", {"is_public": False, "level": "red"}
    )
    assert response.status_code == 200
    public_entry.refresh_from_db()
    assert (public_entry.is_public, public_entry.level) == (False, "red")
    event = AuditEvent.objects.get(action="catalogue.intervention_updated")
    assert event.changes == {"is_public": [True, False], "level": ["yellow", "red"]}


@pytest.mark.parametrize("client", ["employee_api", "other_admin_api"])
def test_it_answers_404_to_changes_by_others(
    client: str, request: pytest.FixtureRequest, public_entry: Intervention
) -> None:
    api: ApiClient = request.getfixturevalue(client)
    path = f"/catalogue/interventions/{public_entry.pk}"
    assert api.patch(path, {"name": "Endret"}).status_code == 404
    assert api.delete(path).status_code == 404
    public_entry.refresh_from_db()
    assert public_entry.name != "Endret"


def test_it_needs_a_token_to_change_or_delete(
    anonymous_api: ApiClient, public_entry: Intervention
) -> None:
    path = f"/catalogue/interventions/{public_entry.pk}"
    assert anonymous_api.patch(path, {"name": "Endret"}).status_code == 401
    assert anonymous_api.delete(path).status_code == 401


def test_it_lets_an_administrator_delete_an_entry(
    admin_api: ApiClient, public_entry: Intervention
) -> None:
    assert admin_api.delete(f"/catalogue/interventions/{public_entry.pk}").status_code == 204
    assert not Intervention.objects.exists()
    assert AuditEvent.objects.filter(action="catalogue.intervention_deleted").exists()


def test_it_documents_the_routes_in_the_openapi_schema(anonymous_api: ApiClient) -> None:
    response = ApiClient().client.get("/api/v1/openapi.json")
    paths = response.json()["paths"]
    assert "/api/v1/catalogue/interventions" in paths
    assert "/api/v1/catalogue/hsds" in paths
