"""Who gets into the administrators' pages at all (policy.can_manage_registers)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.http import HttpResponseBase
from django.test import Client

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.people.admin import ChildAdmin
from rodtrad.people.models import Child

ADMIN_PAGES = [
    "/admin/",
    "/admin/people/child/",
    "/admin/people/child/add/",
    "/admin/people/guardian/",
    "/admin/people/family/",
    "/admin/people/enrolment/",
    "/admin/organisation/unit/",
    "/admin/accounts/user/",
]


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, db: None) -> None:
    response = client.get("/admin/people/child/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/admin/people/child/"


def test_it_sends_anonymous_visitors_from_the_admin_login_to_ours(client: Client, db: None) -> None:
    response = client.get("/admin/login/?next=/admin/people/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/admin/people/"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_it_denies_a_plain_employee(employee_client: Client, url: str) -> None:
    assert employee_client.get(url).status_code == 404


def test_it_denies_a_plain_employee_the_admin_login(employee_client: Client) -> None:
    assert employee_client.get("/admin/login/").status_code == 404


def test_it_denies_a_deactivated_administrator(admin_user: User) -> None:
    client = Client()
    client.force_login(admin_user)
    admin_user.is_active = False
    admin_user.save(update_fields=["is_active"])
    response = client.get("/admin/")
    assert response.status_code in {302, 404}
    assert b"administrasjon" not in response.content


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_it_lets_an_administrator_in(administrator_client: Client, url: str) -> None:
    assert administrator_client.get(url).status_code == 200


def test_it_shows_the_norwegian_site_header(administrator_client: Client) -> None:
    html = administrator_client.get("/admin/").content.decode()
    assert "Rød tråd – administrasjon" in html
    assert '<html lang="nb"' in html
    assert "Barn" in html
    assert "Foresatte" in html
    assert "Enheter" in html
    assert "Ansatte" in html


def test_it_hides_the_municipality_register_from_administrators(
    administrator_client: Client,
) -> None:
    assert administrator_client.get("/admin/organisation/municipality/").status_code == 403


def test_it_sends_a_logged_in_administrator_from_the_admin_login_to_the_index(
    administrator_client: Client,
) -> None:
    response = administrator_client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_it_lets_the_operator_set_up_municipalities(superuser: User) -> None:
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/organisation/municipality/").status_code == 200


def test_it_shows_the_operator_no_children_without_an_administrator_role(
    superuser: User, child: Child
) -> None:
    client = Client()
    client.force_login(superuser)
    assert client.get(f"/admin/people/child/{child.pk}/change/").status_code == 404


def test_it_logs_out_through_the_admin_with_post(administrator_client: Client) -> None:
    response = administrator_client.post("/admin/logout/")
    assert response.status_code in {200, 302}
    assert administrator_client.get("/").status_code == 302


def bulk_delete(client: Client, child: Child) -> HttpResponseBase:
    return client.post(
        "/admin/people/child/",
        {"action": "delete_selected", "_selected_action": [child.pk], "post": "yes"},
    )


def test_a_bulk_deletion_is_audited(administrator_client: Client, child: Child) -> None:
    response = bulk_delete(administrator_client, child)

    assert response.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    event = AuditEvent.objects.get(action="child.deleted")
    assert (event.object_id, event.child_id) == (str(child.pk), child.pk)


def test_a_bulk_deletion_that_fails_leaves_no_deletion_in_the_audit_log(
    administrator_client: Client, child: Child, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Django logs the deletions, then deletes: both in one transaction, so the
    log never says a child was deleted who was not (nor the other way round)."""

    def fails(*args: object) -> None:
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(ChildAdmin, "delete_queryset", fails)

    with pytest.raises(DatabaseError):
        bulk_delete(administrator_client, child)

    assert Child.objects.filter(pk=child.pk).exists()
    assert not AuditEvent.objects.filter(action="child.deleted").exists()
