"""The administrators' pages audit every read and write of personal data."""

from __future__ import annotations

from django.test import Client

from rodtrad.audit.models import AuditEvent
from rodtrad.organisation.models import Municipality
from rodtrad.people.models import Child
from tests.web.test_admin_children import child_form


def test_it_audits_opening_a_child(administrator_client: Client, child: Child) -> None:
    administrator_client.get(f"/admin/people/child/{child.pk}/change/")
    event = AuditEvent.objects.get(action="child.read")
    assert (event.child_id, event.object_id, event.reason) == (
        child.pk,
        str(child.pk),
        "registers.manage",
    )


def test_it_audits_creating_a_child(
    administrator_client: Client, municipality: Municipality
) -> None:
    administrator_client.post("/admin/people/child/add/", child_form(municipality))
    child = Child.objects.get()
    assert AuditEvent.objects.filter(action="child.created", child_id=child.pk).exists()


def test_it_audits_a_change_by_field_name_never_value(
    administrator_client: Client, child: Child
) -> None:
    form = child_form(
        child.municipality, identity_number=child.identity_number, given_name="Emilie"
    )
    response = administrator_client.post(f"/admin/people/child/{child.pk}/change/", form)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="child.updated")
    assert "given_name" in event.changes["fields"]
    assert "Emilie" not in str(event.changes)


def test_a_refused_request_writes_no_read_event(other_admin_client: Client, child: Child) -> None:
    assert other_admin_client.get(f"/admin/people/child/{child.pk}/change/").status_code == 404
    assert not AuditEvent.objects.filter(action="child.read").exists()
