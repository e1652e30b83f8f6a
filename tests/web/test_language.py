from __future__ import annotations

from django.test import Client


def test_it_offers_both_languages(client: Client, db: None) -> None:
    html = client.get("/logg-inn/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'value="nb"' in html
    assert 'value="en"' in html


def test_it_switches_to_english_and_back(employee_client: Client) -> None:
    response = employee_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = employee_client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "My cases" in html
    assert "Log out" in html

    employee_client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    assert "Mine saker" in employee_client.get("/").content.decode()


def test_it_shows_the_login_page_in_english(client: Client, db: None) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/logg-inn/"})
    html = client.get("/logg-inn/").content.decode()
    assert "Log in" in html
    assert "Username" in html


def test_it_answers_in_bokmal_to_a_browser_set_to_english(client: Client, db: None) -> None:
    html = client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb"' in html
    assert "Logg inn" in html


def test_the_api_still_honours_accept_language(client: Client, db: None) -> None:
    response = client.get("/api/v1/children", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Language"] == "en"


def test_pages_tell_their_language_and_that_it_may_vary(employee_client: Client) -> None:
    response = employee_client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "nb"
    assert "Accept-Language" in response["Vary"]
    employee_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert employee_client.get("/")["Content-Language"] == "en"


def test_an_unknown_language_in_the_cookie_is_bokmal(client: Client, db: None) -> None:
    client.cookies["django_language"] = "xx"
    response = client.get("/logg-inn/")
    assert response["Content-Language"] == "nb"
    assert '<html lang="nb"' in response.content.decode()
