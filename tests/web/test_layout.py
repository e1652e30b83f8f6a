"""The layout every page shares (web/base.html), whose menu, header and footer
are kept in each process ({% kept %}): each page still shows its own user,
tokens, menu item, rights and unread count, whoever saw the same page before."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.test import Client, RequestFactory

from rodtrad.accounts.models import User
from rodtrad.notifications.actions import do_notify

TOKEN = r'"X-CSRFToken": "(\w+)"|name="csrfmiddlewaretoken" value="(\w+)"'


def current_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" aria-current="page"', html)


def test_each_user_sees_their_own_name_and_tokens(admin_user: User, employee: User) -> None:
    pages = {}
    for user in (admin_user, employee, admin_user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get("/").content.decode()
        tokens = ["".join(found) for found in re.findall(TOKEN, html)]
        assert len(tokens) == 3  # the page's own, logging out and the language switch
        for token in tokens:  # each is good for this user's session
            answer = client.post("/i18n/setlang/", {"language": "nb", "csrfmiddlewaretoken": token})
            assert answer.status_code == 302
        pages[user.username] = html
    assert "Admin Testesen" in pages["admin"] and "Kari Testesen" not in pages["admin"]
    assert "Kari Testesen" in pages["kari"] and "Admin Testesen" not in pages["kari"]


def test_the_menu_marks_the_section_of_the_page(employee_client: Client) -> None:
    expected = {
        "/": ["/"],
        "/hjelp/5028/": ["/hjelp/"],
        "/barn/sok/": ["/barn/sok/"],
        "/team/": ["/team/"],
        "/varsler/": ["/varsler/"],
        "/tilgjengelighet/": [],
    }
    for path, current in expected.items():
        response = employee_client.get(path)
        assert response.status_code == 200, path
        assert current_links(response.content.decode()) == current, path


def test_the_menu_shows_administration_to_administrators_only(
    administrator_client: Client, employee_client: Client
) -> None:
    for client, shown in ((administrator_client, True), (employee_client, False)) * 2:
        html = client.get("/").content.decode()
        assert ('href="/admin/"' in html) is shown


def test_the_menu_counts_unread_notifications(employee: User, employee_client: Client) -> None:
    def menu_item() -> str:
        html = employee_client.get("/").content.decode()
        found = re.search(r'<a href="/varsler/">(.*?)</a>', html)
        assert found
        return found[1]

    assert menu_item() == "Varsler"
    do_notify([employee], kind="access.emergency_granted", title="Emergency access", link="/")
    assert menu_item() == 'Varsler (1<span class="ds-sr-only"> uleste</span>)'
    do_notify([employee], kind="access.emergency_granted", title="Emergency access", link="/")
    assert menu_item().startswith("Varsler (2<")
    employee.notifications.update(read_at="2026-01-01T00:00:00Z")
    assert menu_item() == "Varsler"


def test_the_layout_follows_the_language(employee_client: Client) -> None:
    assert "Mine saker" in employee_client.get("/").content.decode()
    employee_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = employee_client.get("/").content.decode()
    for text in ("My cases", "Skip to main content", "Main menu", "Switch language", "Find help"):
        assert text in html
    assert 'value="en" lang="en" selected' in html
    employee_client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    html = employee_client.get("/").content.decode()
    assert "Mine saker" in html and "Gå til hovedinnhold" in html
    assert 'value="nb" lang="nb" selected' in html


def test_the_layout_shows_the_messages_of_the_request(employee: User, rf: RequestFactory) -> None:
    request = rf.get("/")
    request.user = employee
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    messages.success(request, "Sendt <til> teamet.")
    messages.error(request, "Ikke sendt.")
    page = engines["django"].from_string('{% extends "web/base.html" %}')

    html = page.render({}, request)

    assert '<div class="ds-alert" data-color="success" role="status">' in html
    assert '<p class="ds-paragraph">Sendt &lt;til&gt; teamet.</p>' in html
    assert '<div class="ds-alert" data-color="danger" role="status">' in html


def test_a_kept_part_is_rendered_once_for_each_combination_of_its_values() -> None:
    page = engines["django"].from_string(
        "{% load rodtrad_web %}{% kept test_part value %}{{ shown }}{% endkept %}"
    )

    assert page.render({"value": 1, "shown": "first"}) == "first"
    assert page.render({"value": 1, "shown": "second"}) == "first"
    assert page.render({"value": 2, "shown": "second"}) == "second"
    assert page.render({"value": "1", "shown": "third"}) == "third"
