"""/varsler/: my own notifications, marked read one by one or all at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rodtrad.accounts.models import User
from rodtrad.notifications.actions import do_notify
from rodtrad.notifications.models import Notification
from tests.conftest import logged_in_client


@pytest.fixture
def colleague(employee: User) -> User:
    return User.objects.create_user(username="ola", password="x-ola-passord-123")


def notify(user: User, link: str = "/nodtilgang/1/") -> Notification:
    do_notify([user], kind="access.emergency_granted", title="Emergency access", link=link)
    return Notification.objects.filter(recipient=user).latest("pk")


def test_it_lists_my_notifications_in_my_language(employee: User, colleague: User) -> None:
    mine = notify(employee, "/nodtilgang/7/")
    notify(colleague, "/nodtilgang/8/")

    html = logged_in_client(employee).get("/varsler/").content.decode()

    assert "<h1" in html and "Varsler" in html
    # The title is shown in the reader's language, whatever language stored it.
    assert "Nødtilgang ble brukt i enheten din" in html
    assert 'href="/nodtilgang/7/"' in html
    assert 'href="/nodtilgang/8/"' not in html
    assert f'id="varsel-{mine.pk}"' in html
    assert "Ulest" in html


def test_the_menu_shows_the_unread_count_with_one_query(employee: User) -> None:
    client = logged_in_client(employee)
    notify(employee)
    notify(employee)

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()

    assert 'Varsler (2<span class="ds-sr-only"> uleste</span>)' in html
    counting = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1


def test_no_count_without_unread(employee: User) -> None:
    html = logged_in_client(employee).get("/").content.decode()

    assert ">Varsler</a>" in html


def test_marking_one_read(employee: User) -> None:
    first, second = notify(employee), notify(employee)
    client = logged_in_client(employee)

    response = client.post(f"/varsler/{first.pk}/lest/")

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_read_with_htmx_answers_with_the_item(employee: User) -> None:
    notification = notify(employee)

    response = logged_in_client(employee).post(
        f"/varsler/{notification.pk}/lest/", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="varsel-{notification.pk}"' in html
    assert "Merk som lest" not in html


def test_marking_all_read(employee: User, colleague: User) -> None:
    notify(employee)
    notify(employee)
    theirs = notify(colleague)

    logged_in_client(employee).post("/varsler/lest/")

    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_someone_elses_notification_is_not_found(employee: User, colleague: User) -> None:
    theirs = notify(colleague)

    response = logged_in_client(employee).post(f"/varsler/{theirs.pk}/lest/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_refuses_get(employee: User) -> None:
    notification = notify(employee)

    assert logged_in_client(employee).get(f"/varsler/{notification.pk}/lest/").status_code == 405
    assert logged_in_client(employee).get("/varsler/lest/").status_code == 405


def test_it_needs_login(client: Client, db: None) -> None:
    assert client.get("/varsler/").status_code == 302
    assert client.post("/varsler/lest/").status_code == 302
