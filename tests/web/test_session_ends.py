"""A login lasts while the session is valid and the employee may still log in:
sessions and the logged-in employee are read with plain SQL (rodtrad.accounts),
and these are the rules that reading must keep."""

from __future__ import annotations

import datetime

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from rodtrad.accounts.models import User
from tests.conftest import PASSWORD


def logged_in(client: Client) -> Client:
    response = client.post("/logg-inn/", {"username": "kari", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    return client


def test_an_expired_session_asks_for_a_new_login(client: Client, employee: User) -> None:
    logged_in(client)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_a_deactivated_employee_is_logged_out_at_once(client: Client, employee: User) -> None:
    logged_in(client)
    User.objects.filter(pk=employee.pk).update(is_active=False)
    assert client.get("/").status_code == 302


def test_a_changed_password_ends_other_sessions(client: Client, employee: User) -> None:
    logged_in(client)
    employee.set_password("et-nytt-og-langt-passord")
    employee.save()
    assert client.get("/").status_code == 302


def test_a_deleted_employee_is_logged_out(client: Client, employee: User) -> None:
    logged_in(client)
    User.objects.filter(pk=employee.pk).delete()
    assert client.get("/").status_code == 302


def test_an_unknown_session_key_gets_a_fresh_session(client: Client, employee: User) -> None:
    client.cookies["sessionid"] = "no-such-session-key-in-the-database"
    response = client.get("/logg-inn/")
    assert response.status_code == 200
    logged_in(client)
    assert client.cookies["sessionid"].value != "no-such-session-key-in-the-database"
