from __future__ import annotations

from django.test import Client

from rodtrad.accounts.models import User
from tests.conftest import PASSWORD


def test_it_shows_the_login_form_in_norwegian(client: Client, db: None) -> None:
    response = client.get("/logg-inn/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb"' in html
    assert "Logg inn" in html
    assert "Brukernavn" in html
    assert "Passord" in html


def test_it_logs_in_with_the_right_password(client: Client, employee: User) -> None:
    response = client.post("/logg-inn/", {"username": "kari", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_it_follows_next_after_login(client: Client, employee: User) -> None:
    response = client.post(
        "/logg-inn/?next=/admin/", {"username": "kari", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"


def test_it_ignores_a_next_url_on_another_site(client: Client, employee: User) -> None:
    response = client.post(
        "/logg-inn/", {"username": "kari", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_it_refuses_a_wrong_password_in_norwegian(client: Client, employee: User) -> None:
    response = client.post("/logg-inn/", {"username": "kari", "password": "feil-passord"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_empty_form_in_norwegian(client: Client, db: None) -> None:
    response = client.post("/logg-inn/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()


def test_it_refuses_a_deactivated_account(client: Client, employee: User) -> None:
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    response = client.post("/logg-inn/", {"username": "kari", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_sends_a_logged_in_user_home(employee_client: Client) -> None:
    response = employee_client.get("/logg-inn/")
    assert response.status_code == 302
    assert response["Location"] == "/"
