"""`rodtrad apitoken USERNAME`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rodtrad.accounts.models import ApiToken, User, hash_token
from tests.api.conftest import ApiClient
from tests.conftest import nb


def issue(username: str) -> str:
    out = StringIO()
    call_command("apitoken", username, stdout=out)
    return out.getvalue()


def test_it_prints_only_a_new_token_that_works(admin_user: User) -> None:
    output = issue("admin")

    token = output.strip()
    assert output == token + "\n"
    assert token.startswith("rt_")
    assert ApiToken.user_for(token) == admin_user
    assert ApiClient(token).get("/children").status_code == 200


def test_only_the_hash_is_stored(admin_user: User) -> None:
    token = issue("admin").strip()

    stored = ApiToken.objects.get()
    assert stored.token_hash == hash_token(token)
    assert token not in (stored.token_hash, stored.prefix)


def test_each_call_issues_another_token(admin_user: User) -> None:
    assert issue("admin") != issue("admin")
    assert ApiToken.objects.filter(user=admin_user).count() == 2


def test_it_refuses_an_unknown_user_in_norwegian(db: None) -> None:
    with pytest.raises(CommandError) as caught:
        issue("ingen")

    assert str(caught.value) == nb("No employee has the username “%(username)s”.", username="ingen")
    assert not ApiToken.objects.exists()


def test_it_refuses_a_deactivated_employee(admin_user: User) -> None:
    User.objects.filter(pk=admin_user.pk).update(is_active=False)

    with pytest.raises(CommandError) as caught:
        issue("admin")

    assert str(caught.value) == nb(
        "The employee “%(username)s” is deactivated; a token would not work.", username="admin"
    )
    assert not ApiToken.objects.exists()
