"""/api/v1/openapi.json: the API describes itself."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiClient

RESOURCES = ["units", "employees", "children", "guardians", "families", "enrolments"]
ID_PARAMETERS = {
    "units": "unit_id",
    "employees": "employee_id",
    "children": "child_id",
    "guardians": "guardian_id",
    "families": "family_id",
    "enrolments": "enrolment_id",
}


@pytest.fixture
def schema(anonymous_api: ApiClient) -> dict[str, Any]:
    response = anonymous_api.get("/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document: dict[str, Any] = response.json()
    return document


def test_it_is_served_without_a_token(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Rød tråd API"


@pytest.mark.parametrize("resource", RESOURCES)
def test_it_lists_every_register_with_list_create_read_and_update(
    schema: dict[str, Any], resource: str
) -> None:
    collection = schema["paths"][f"/api/v1/{resource}"]
    item = schema["paths"][f"/api/v1/{resource}/{{{ID_PARAMETERS[resource]}}}"]

    assert set(collection) == {"get", "post"}
    assert set(item) == {"get", "patch"}
    assert "201" in collection["post"]["responses"]
    assert "422" in collection["post"]["responses"]
    assert "401" in collection["get"]["responses"]
    assert "404" in item["get"]["responses"]
    assert {"422", "404"} <= set(item["patch"]["responses"])


# The public catalogue of help is read without a token (issue 7); nothing else is.
PUBLIC_READS = {
    ("get", "/api/v1/catalogue/interventions"),
    ("get", "/api/v1/catalogue/interventions/{intervention_id}"),
    ("get", "/api/v1/catalogue/hsds"),
}


def test_every_route_needs_the_bearer_token(schema: dict[str, Any]) -> None:
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    public = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if operation["security"] != [{"ApiTokenAuth": []}]:
                public.add((method, path))
    assert public == PUBLIC_READS


def test_it_documents_the_error_shape_and_status_codes(schema: dict[str, Any]) -> None:
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "errors"}
    description = schema["info"]["description"]
    assert "422" in description
    assert "401" in description
    assert "404" in description


def test_no_identity_number_goes_in_a_url(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        assert "identity" not in path
        for operation in operations.values():
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            assert not [name for name in names if "identity" in name], path


def test_the_interactive_docs_never_load_from_a_cdn(anonymous_api: ApiClient) -> None:
    response = anonymous_api.get("/docs")

    # Off unless django-ninja's own static files are installed.
    assert response.status_code == 404 or b"cdn" not in response.content.lower()
