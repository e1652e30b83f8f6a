"""The permission matrix: every API route × every kind of caller.

Every new route must join ROUTES (a test below fails otherwise). The resource
files test each route in depth; this one makes sure none is forgotten.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from rodtrad.accounts.models import User
from rodtrad.api.urls import api
from rodtrad.organisation.models import Unit
from rodtrad.people.models import Child, Enrolment, Family, Guardian
from tests.api.conftest import ApiClient, api_client_for
from tests.api.test_cases_permissions import CASE_ROUTE_PATHS
from tests.api.test_reports_permissions import REPORT_ROUTE_PATHS
from tests.api.test_teams_permissions import TEAM_ROUTES
from tests.conftest import valid_birth_number
from tests.policy import conftest as policy_world
from tests.policy.conftest import World as PolicyWorld


@dataclass
class World:
    """One object of each register, all in Melhus."""

    ids: dict[str, int]
    kindergarten: Unit
    child: Child


@pytest.fixture
def world(kindergarten: Unit, child: Child, employee: User) -> World:
    guardian = Guardian.objects.create(
        municipality=child.municipality, given_name="Anne", family_name="Hansen"
    )
    family = Family.objects.create(municipality=child.municipality, name="Hansen")
    enrolment = Enrolment.objects.create(
        municipality=child.municipality,
        child=child,
        unit=kindergarten,
        starts_on=datetime.date(2024, 8, 1),
    )
    ids = {
        "units": kindergarten.pk,
        "employees": employee.pk,
        "children": child.pk,
        "guardians": guardian.pk,
        "families": family.pk,
        "enrolments": enrolment.pk,
    }
    return World(ids=ids, kindergarten=kindergarten, child=child)


def create_body(resource: str, world: World) -> dict[str, Any]:
    bodies: dict[str, dict[str, Any]] = {
        "units": {"municipality": "5028", "kind": "school", "name": "Matrise skole"},
        "employees": {"username": "matrise", "memberships": [{"unit": world.kindergarten.pk}]},
        "children": {
            "municipality": "5028",
            "identity_number": valid_birth_number(9, 9, 2019),
            "given_name": "Mia",
            "family_name": "Matrise",
        },
        "guardians": {"municipality": "5028", "given_name": "Mats", "family_name": "Matrise"},
        "families": {"municipality": "5028", "name": "Matrise"},
        "enrolments": {
            "child": world.child.pk,
            "unit": world.kindergarten.pk,
            "starts_on": "2025-08-01",
        },
    }
    return bodies[resource]


UPDATE_BODIES: dict[str, dict[str, Any]] = {
    "units": {"name": "Omdøpt"},
    "employees": {"first_name": "Omdøpt"},
    "children": {"given_name": "Omdøpt"},
    "guardians": {"given_name": "Omdøpt"},
    "families": {"name": "Omdøpt"},
    "enrolments": {"ends_on": "2030-06-20"},
}

RESOURCES = list(UPDATE_BODIES)
# (method, resource, on an item?)
ROUTES = [
    (method, resource, item)
    for resource in RESOURCES
    for method, item in [("get", False), ("post", False), ("get", True), ("patch", True)]
]


def call(client: ApiClient, method: str, resource: str, item: bool, world: World) -> Any:
    path = f"/{resource}/{world.ids[resource]}" if item else f"/{resource}"
    if method == "get":
        return client.get(path)
    if method == "post":
        return client.post(path, create_body(resource, world))
    return client.patch(path, UPDATE_BODIES[resource])


# The catalogue's allowed/denied tests (anonymous reads of public entries,
# administrator writes) live with the catalogue.
CATALOGUE_ROUTES = {
    ("get", "/catalogue/interventions"),
    ("post", "/catalogue/interventions"),
    ("get", "/catalogue/interventions/{intervention_id}"),
    ("patch", "/catalogue/interventions/{intervention_id}"),
    ("delete", "/catalogue/interventions/{intervention_id}"),
    ("get", "/catalogue/hsds"),
    ("post", "/catalogue/hsds"),
}


def route_id(route: tuple[str, str, bool]) -> str:
    method, resource, item = route
    return f"{method.upper()} /{resource}{'/{id}' if item else ''}"


def test_the_matrix_covers_every_route_of_the_api() -> None:
    schema = api.get_openapi_schema()
    served = {
        (method, path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
    }
    covered = {
        (method, f"/{resource}/{{{_id_name(resource)}}}" if item else f"/{resource}")
        for method, resource, item in ROUTES
    }
    covered |= CASE_ROUTE_PATHS  # /cases: its own matrix, tests/api/test_cases_permissions.py
    covered |= set(TEAM_ROUTES)  # teams, referrals, meetings: test_teams_permissions.py
    covered |= REPORT_ROUTE_PATHS  # /reports: tests/api/test_reports_permissions.py
    covered |= {(method, path) for method, path in ACCESS_ROUTES}  # consents and access: below
    covered |= CATALOGUE_ROUTES  # tests/catalogue/test_api.py and test_hsds.py

    assert served == covered


def _id_name(resource: str) -> str:
    singular = {"children": "child", "families": "family"}.get(resource, resource.rstrip("s"))
    return f"{singular}_id"


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_the_administrator_of_the_municipality_may(
    admin_api: ApiClient, world: World, route: tuple[str, str, bool]
) -> None:
    method, resource, item = route

    response = call(admin_api, method, resource, item, world)

    assert response.status_code == {"get": 200, "post": 201, "patch": 200}[method]
    if method == "get" and not item:
        assert world.ids[resource] in [entry["id"] for entry in response.json()["items"]]


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_an_outsider_finds_nothing(
    outsider_api: ApiClient, world: World, route: tuple[str, str, bool]
) -> None:
    """Another municipality's administrator and a plain employee: lists leave
    Melhus out, its objects are 404, and creating in it names a reference not found."""
    method, resource, item = route

    response = call(outsider_api, method, resource, item, world)

    if method == "get" and not item:
        assert response.status_code == 200
        assert world.ids[resource] not in [entry["id"] for entry in response.json()["items"]]
    elif item:
        assert response.status_code == 404
    else:
        assert response.status_code == 422
        [(field, [message])] = response.json()["errors"].items()
        assert field in {"municipality", "memberships", "child"}
        assert message.startswith("Fant ikke")


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_a_stranger_is_not_let_in(
    stranger_api: ApiClient, world: World, route: tuple[str, str, bool]
) -> None:
    method, resource, item = route

    assert call(stranger_api, method, resource, item, world).status_code == 401


# Consents, emergency access and the access log follow the case access policy,
# not the register administrators': every route × the baton holder, a member
# of a unit the consent covers, a member of a taking-part unit without
# consent, an employee of another municipality, and a stranger.

access_world = policy_world.world

# (method, path as in the OpenAPI document)
ACCESS_ROUTES = [
    ("post", "/consents"),
    ("post", "/consents/{consent_id}/withdraw"),
    ("get", "/consents"),
    ("post", "/emergency-access"),
    ("get", "/children/{child_id}/access-log"),
]
ACCESS_ACTORS = ["holder", "consented", "without_consent", "other_municipality", "stranger"]
# Out of reach is "not found": 404 on a path, 422 "Child not found" on a body field.
# Breaking the glass is exactly for those without another reason, within the tenancy.
ACCESS_EXPECTED: dict[tuple[str, str], list[int]] = {
    ("post", "/consents"): [201, 201, 422, 422, 401],
    ("post", "/consents/{consent_id}/withdraw"): [200, 200, 404, 404, 401],
    ("get", "/consents"): [200, 200, 404, 404, 401],
    ("post", "/emergency-access"): [201, 201, 201, 422, 401],
    ("get", "/children/{child_id}/access-log"): [200, 404, 404, 404, 401],
}


def access_client(world: PolicyWorld, actor: str) -> ApiClient:
    if actor == "stranger":
        return ApiClient()
    user = {
        "holder": world.holder,
        "consented": world.nurse,
        "without_consent": world.ppt_adviser,
        "other_municipality": world.skaun_nurse,
    }[actor]
    return api_client_for(user)


def call_access_route(client: ApiClient, route: tuple[str, str], world: PolicyWorld) -> Any:
    child = world.child
    consent = world.consent(units=(world.kindergarten,))
    if route == ("post", "/consents"):
        return client.post(
            "/consents",
            {
                "child": child.pk,
                "purpose": "collaboration",
                "units": [world.ppt.pk],
                "categories": ["health"],
                "answers": [{"guardian": world.mother.pk, "decision": "given"}],
                "method": "oral",
            },
        )
    if route == ("post", "/consents/{consent_id}/withdraw"):
        return client.post(f"/consents/{consent.pk}/withdraw", {"withdrawn_by": "Maria Hansen"})
    if route == ("get", "/consents"):
        return client.get("/consents", child=child.pk)
    if route == ("post", "/emergency-access"):
        reason = "Akutt situasjon som ikke kan vente til i morgen."
        return client.post("/emergency-access", {"child": child.pk, "reason": reason})
    return client.get(f"/children/{child.pk}/access-log")


@pytest.mark.parametrize("actor", ACCESS_ACTORS)
@pytest.mark.parametrize("route", ACCESS_ROUTES, ids=lambda r: f"{r[0].upper()} {r[1]}")
def test_consent_and_access_routes_follow_the_case_policy(
    access_world: PolicyWorld, route: tuple[str, str], actor: str
) -> None:
    # The nurse's health station takes part in the case with the family's consent;
    # PPT takes part without one.
    access_world.consent(units=(access_world.health_station,))
    client = access_client(access_world, actor)

    response = call_access_route(client, route, access_world)

    assert response.status_code == ACCESS_EXPECTED[route][ACCESS_ACTORS.index(actor)]
