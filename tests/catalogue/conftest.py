"""Catalogue fixtures: a provider, a public and an internal entry in Melhus
(the shared `municipality`), and API clients with each actor's token."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.test import Client

from rodtrad.accounts.models import ApiToken, User
from rodtrad.catalogue.models import Access, Audience, Intervention, Level, Need, Provider
from rodtrad.organisation.models import Municipality

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """The catalogue page's body is cached per process; each test starts afresh."""
    cache.clear()


@pytest.fixture
def provider(municipality: Municipality) -> Provider:
    return Provider.objects.create(municipality=municipality, name="Familiesenteret Melhus")


@pytest.fixture
def other_provider(other_municipality: Municipality) -> Provider:
    return Provider.objects.create(municipality=other_municipality, name="Familiesenteret Skaun")


def make_intervention(provider: Provider, **values: Any) -> Intervention:
    defaults: dict[str, Any] = {
        "name": "De utrolige årene – foreldregruppe",
        "description": "Foreldregruppe for foreldre til barn med mye sinne og trass.",
        "level": Level.YELLOW,
        "access": Access.OPEN,
        "minimum_age": 3,
        "maximum_age": 8,
        "audiences": [Audience.PARENTS],
        "needs": [Need.PARENTING, Need.BEHAVIOUR],
        "is_public": True,
    }
    defaults.update(values)
    intervention = Intervention(municipality=provider.municipality, provider=provider, **defaults)
    intervention.full_clean()
    intervention.save()
    return intervention


@pytest.fixture
def public_entry(provider: Provider) -> Intervention:
    return make_intervention(provider)


@pytest.fixture
def internal_entry(provider: Provider) -> Intervention:
    return make_intervention(
        provider,
        name="Drøftingsteam",
        description="Anonym drøfting for ansatte.",
        level=Level.YELLOW,
        audiences=[Audience.EMPLOYEES],
        needs=[Need.COORDINATION],
        minimum_age=0,
        maximum_age=18,
        is_public=False,
    )


@pytest.fixture
def other_entry(other_provider: Provider) -> Intervention:
    return make_intervention(
        other_provider, name="Helsestasjon for ungdom i Skaun", is_public=False
    )


class ApiClient:
    """JSON to /api/v1, with a bearer token when given one."""

    def __init__(self, token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        self.client = Client(headers=headers)

    def get(self, path: str, **params: Any) -> Response:
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, data: Any, content_type: str = "application/json") -> Response:
        body = data if isinstance(data, bytes | str) else json.dumps(data)
        return self.client.post(f"/api/v1{path}", body, content_type=content_type)

    def patch(self, path: str, data: Any) -> Response:
        return self.client.patch(
            f"/api/v1{path}", json.dumps(data), content_type="application/json"
        )

    def delete(self, path: str) -> Response:
        return self.client.delete(f"/api/v1{path}")


def api_for(user: User) -> ApiClient:
    return ApiClient(ApiToken.issue(user))


@pytest.fixture
def admin_api(admin_user: User) -> ApiClient:
    return api_for(admin_user)


@pytest.fixture
def employee_api(employee: User) -> ApiClient:
    return api_for(employee)


@pytest.fixture
def other_admin_api(other_admin: User) -> ApiClient:
    return api_for(other_admin)


@pytest.fixture
def anonymous_api(db: None) -> ApiClient:
    return ApiClient()


@pytest.fixture
def bad_token_api(db: None) -> ApiClient:
    return ApiClient("rt_not-a-token-anybody-was-given")
