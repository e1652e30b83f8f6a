"""API clients for the shared test actors (tests/conftest.py): each sends its
own bearer token, as a script of that employee would."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from rodtrad.accounts.models import ApiToken, User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


class ApiClient:
    """A Django test client that talks JSON to /api/v1 with a bearer token.

    Requests pass through the whole middleware stack (the language middleware
    included), as a real client's do."""

    def __init__(self, token: str | None = None, language: str | None = None) -> None:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if language is not None:
            headers["Accept-Language"] = language
        self.client = Client(headers=headers)

    def get(self, path: str, **params: Any) -> Response:
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, data: Any) -> Response:
        return self.client.post(f"/api/v1{path}", json.dumps(data), content_type="application/json")

    def patch(self, path: str, data: Any) -> Response:
        return self.client.patch(
            f"/api/v1{path}", json.dumps(data), content_type="application/json"
        )

    def post_raw(self, path: str, body: str) -> Response:
        return self.client.post(f"/api/v1{path}", body, content_type="application/json")


def api_client_for(user: User, language: str | None = None) -> ApiClient:
    return ApiClient(ApiToken.issue(user), language)


@pytest.fixture
def admin_api(admin_user: User) -> ApiClient:
    """The administrator of Melhus (the `municipality` fixture)."""
    return api_client_for(admin_user)


@pytest.fixture
def other_admin_api(other_admin: User) -> ApiClient:
    """The administrator of Skaun: Melhus' registers do not exist for them."""
    return api_client_for(other_admin)


@pytest.fixture
def employee_api(employee: User) -> ApiClient:
    """A plain employee in Melhus: no register access."""
    return api_client_for(employee)


@pytest.fixture
def anonymous_api(db: None) -> ApiClient:
    return ApiClient()


@pytest.fixture
def bad_token_api(db: None) -> ApiClient:
    return ApiClient("rt_not-a-token-anybody-was-given")


# Authenticated, but without access to Melhus: they get 404 / empty lists.
OUTSIDERS = ["other_admin_api", "employee_api"]
# Not authenticated: 401.
STRANGERS = ["anonymous_api", "bad_token_api"]


@pytest.fixture(params=OUTSIDERS)
def outsider_api(request: pytest.FixtureRequest) -> ApiClient:
    client: ApiClient = request.getfixturevalue(request.param)
    return client


@pytest.fixture(params=STRANGERS)
def stranger_api(request: pytest.FixtureRequest) -> ApiClient:
    client: ApiClient = request.getfixturevalue(request.param)
    return client
