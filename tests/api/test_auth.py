"""Bearer tokens: who the API lets in."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rodtrad.accounts.models import ApiToken, User
from tests.api.conftest import ApiClient, api_client_for

UNAUTHENTICATED = {
    "detail": (
        "Autentisering kreves: send en gyldig API-nøkkel i headeren "
        "'Authorization: Bearer <nøkkel>'."
    ),
    "errors": {},
}


def test_it_lets_in_a_valid_token(admin_api: ApiClient) -> None:
    assert admin_api.get("/children").status_code == 200


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer ", "Basic YWRtaW46cGFzc29yZA==", "Token rt_abc", "rt_abc"]
)
def test_it_refuses_a_missing_or_malformed_header(db: None, header: str) -> None:
    client = ApiClient()
    client.client.defaults["HTTP_AUTHORIZATION"] = header

    response = client.get("/children")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_an_unknown_token(bad_token_api: ApiClient) -> None:
    response = bad_token_api.get("/units")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_it_refuses_a_revoked_token(admin_user: User) -> None:
    client = api_client_for(admin_user)
    ApiToken.objects.update(revoked_at=timezone.now())

    assert client.get("/children").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_employee(admin_user: User) -> None:
    client = api_client_for(admin_user)
    User.objects.filter(pk=admin_user.pk).update(is_active=False)

    assert client.get("/children").status_code == 401


def test_a_session_login_is_not_enough(admin_user: User) -> None:
    # The API takes bearer tokens only, so a browser's cookie cannot be used
    # against it across sites (no CSRF surface).
    client = ApiClient()
    client.client.force_login(admin_user)

    assert client.get("/children").status_code == 401


def test_it_answers_in_english_when_asked(db: None) -> None:
    response = ApiClient(language="en").get("/children")

    assert response.json()["detail"] == (
        "Authentication required: send a valid API token in the header "
        "'Authorization: Bearer <token>'."
    )
