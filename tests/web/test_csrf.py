"""The csrf token every page carries (rodtrad.web.csrf): Django's, masked with a
cheaper draw of the same random mask; Django's middleware checks it."""

from __future__ import annotations

import re

from django.middleware.csrf import (  # type: ignore[attr-defined]  # Django's own checks
    CSRF_ALLOWED_CHARS,
    _check_token_format,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client

from rodtrad.accounts.models import User
from rodtrad.web.csrf import masked
from tests.conftest import PASSWORD

TOKEN = r'name="csrfmiddlewaretoken" value="(\w+)"'


def test_it_masks_the_secret_as_django_does() -> None:
    secret = _get_new_csrf_string()
    tokens = {masked(secret) for _ in range(500)}

    assert len(tokens) == 500
    for token in tokens:
        _check_token_format(token)
        assert _unmask_cipher_token(token) == secret


def test_every_character_may_mask_every_place() -> None:
    secret = "a" * 32
    seen: list[set[str]] = [set() for _ in range(32)]
    for _ in range(2000):
        for place, char in enumerate(masked(secret)[:32]):
            seen[place].add(char)

    assert all(found == set(CSRF_ALLOWED_CHARS) for found in seen)


def test_each_page_has_its_own_token_of_the_cookies_secret(employee: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)

    first = client.get("/varsler/")
    second = client.get("/varsler/")

    secret = client.cookies["csrftoken"].value
    assert first.cookies["csrftoken"].value == secret  # sent again: its expiry renews
    tokens = [re.findall(TOKEN, page.content.decode())[0] for page in (first, second)]
    assert tokens[0] != tokens[1]
    assert [_unmask_cipher_token(token) for token in tokens] == [secret, secret]
    for token in tokens:
        answer = client.post("/i18n/setlang/", {"language": "nb", "csrfmiddlewaretoken": token})
        assert answer.status_code == 302


def test_a_first_visit_gets_a_secret_and_a_token_that_logs_in(employee: User) -> None:
    client = Client(enforce_csrf_checks=True)

    page = client.get("/logg-inn/")

    assert "csrftoken" in page.cookies
    token = re.findall(TOKEN, page.content.decode())[0]
    login = {"username": "kari", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post("/logg-inn/", login).status_code == 302


def test_a_post_without_the_token_is_refused(employee: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    client.get("/varsler/")

    assert client.post("/i18n/setlang/", {"language": "nb"}).status_code == 403
