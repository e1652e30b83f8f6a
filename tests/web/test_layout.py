"""The layout every page shares (web/base.html), put together once per process
for what it shows (rodtrad.web.layout): each page still shows its own user,
tokens, path, messages, menu item, rights and unread count, whoever saw the
same page before."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.utils.safestring import SafeString

from rodtrad.accounts.models import User
from rodtrad.notifications.actions import do_notify
from rodtrad.web import layout

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


def _request(user: User, rf: RequestFactory, path: str) -> Any:
    """A request as the middleware leaves it: the user, a session and message storage."""
    request = rf.get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_the_layout_shows_the_messages_of_the_request(employee: User, rf: RequestFactory) -> None:
    request = _request(employee, rf, "/")
    messages.success(request, "Sendt <til> teamet.")
    messages.error(request, "Ikke sendt.")
    page = engines["django"].from_string('{% extends "web/base.html" %}')

    html = page.render({}, request)

    assert '<div class="ds-alert" data-color="success" role="status">' in html
    assert '<p class="ds-paragraph">Sendt &lt;til&gt; teamet.</p>' in html
    assert '<div class="ds-alert" data-color="danger" role="status">' in html


def test_the_current_path_is_escaped_in_the_language_switch(employee_client: Client) -> None:
    html = employee_client.get('/barn/sok/?q="><script>alert(1)</script>').content.decode()

    assert "<script>alert(1)" not in html
    assert 'name="next" value="/barn/sok/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"' in html


def test_what_a_page_shows_is_never_taken_for_a_slot_of_the_layout(
    employee: User, rf: RequestFactory
) -> None:
    """The request's values go into the layout only, never into the page's blocks."""
    request = _request(employee, rf, "/her/")
    page = engines["django"].from_string(
        '{% extends "web/base.html" %}{% block title %}{{ shown }}{% endblock %}'
        "{% block content %}{{ shown }}{% endblock %}"
    )
    slots = layout.PATH + layout.USER + layout.CSRF + layout.MESSAGES

    html = page.render({"shown": slots}, request)

    assert html.count(slots) == 2
    assert 'name="next" value="/her/"' in html


def test_a_page_without_its_request_still_gets_the_layout() -> None:
    """The server error page is rendered without the request: no user, no tokens."""
    page = engines["django"].from_string(
        '{% extends "web/base.html" %}{% block content %}Feil{% endblock %}'
    )

    html = page.render({})

    assert '<main id="main" class="rt-main" tabindex="-1">' in html and "Feil" in html
    assert "csrfmiddlewaretoken" not in html and '"X-CSRFToken": ""' in html
    assert 'name="next" value=""' in html and "rt-nav" not in html
    assert "\ue000" not in html


def test_the_layout_is_rendered_once_for_what_it_shows(
    admin_user: User, employee: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    real = get_template  # what layout calls

    def counting(name: str) -> Any:
        rendered.append(name)
        return real(name)

    monkeypatch.setattr(layout, "_layouts", {})
    monkeypatch.setattr(layout, "get_template", counting)
    clients = []
    for user in (employee, admin_user):
        client = Client()
        client.force_login(user)
        clients.append(client)
    for client in clients * 2:
        assert client.get("/").status_code == 200
    # Kari and the administrator differ in rights (the menu's Administration).
    assert rendered == ["web/_layout.html", "web/_layout.html"]


def test_a_value_that_holds_a_marker_is_not_filled_in_again(
    employee: User, rf: RequestFactory
) -> None:
    """A name that holds the markers stays what it is: each slot is filled in once
    (the path holds none: Django percent-encodes it)."""
    employee.first_name = layout.PATH + layout.MESSAGES
    request = _request(employee, rf, "/her/")
    messages.success(request, "Lagret.")
    page = engines["django"].from_string('{% extends "web/base.html" %}')

    html = page.render({}, request)

    assert html.count('<p class="ds-paragraph">Lagret.</p>') == 1
    assert html.count('value="/her/"') == 1
    assert f"{layout.PATH}{layout.MESSAGES} Testesen" in html


def _request_with_messages(user: User, rf: RequestFactory) -> Any:
    request = _request(user, rf, "/saker/1/?vis=alt")
    messages.success(request, "Lagret <oppføringen>.")
    return request


def test_a_page_made_in_python_gets_the_layout_of_the_template(
    employee: User, rf: RequestFactory
) -> None:
    """layout.page, used by the pages made in Python (a case, its timeline, a team,
    Mine saker), gives what web/base.html gives around the same title and content."""
    title, content = "Tom &amp; Tone", '<section class="rt-case">Innhold</section>'
    template = engines["django"].from_string(
        '{% extends "web/base.html" %}{% block title %}{{ title }}{% endblock %}'
        "{% block content %}{{ content }}{% endblock %}"
    )
    from_template = template.render(
        {"title": SafeString(title), "content": SafeString(content)},
        _request_with_messages(employee, rf),
    )

    response = layout.page(_request_with_messages(employee, rf), title, content)

    def without_tokens(html: str) -> str:
        return re.sub(TOKEN, "token", html)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert without_tokens(html) == without_tokens(from_template)
    assert f"<title>{title}" in html and content in html
    assert "Lagret &lt;oppføringen&gt;." in html
    assert 'name="next" value="/saker/1/?vis=alt"' in html
