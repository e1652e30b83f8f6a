"""Administrators edit the catalogue and the action guide on the admin site;
saves go through the audited domain functions."""

from __future__ import annotations

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.catalogue.models import Intervention, Provider
from rodtrad.guide.actions import do_create_guide_page
from rodtrad.guide.models import GuidePage, GuideVersion, PageKind
from rodtrad.organisation.models import Municipality
from tests.conftest import logged_in_client


def test_it_lets_an_administrator_add_an_entry(admin_user: User, provider: Provider) -> None:
    response = logged_in_client(admin_user).post(
        "/admin/catalogue/intervention/add/",
        {
            "municipality": provider.municipality_id,
            "name": "Familieveiledere",
            "description": "Samtaler for familier.",
            "provider": provider.pk,
            "level": "yellow",
            "status": "active",
            "access": "open",
            "needs": ["parenting"],
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Intervention.objects.get()
    assert entry.needs == ["parenting"] and entry.is_public
    assert AuditEvent.objects.filter(action="catalogue.intervention_created").exists()


def test_it_audits_a_change_in_the_admin(admin_user: User, public_entry: Intervention) -> None:
    client = logged_in_client(admin_user)
    form = client.get(f"/admin/catalogue/intervention/{public_entry.pk}/change/")
    assert form.status_code == 200
    data = {
        "municipality": public_entry.municipality_id,
        "name": "Nytt navn",
        "description": public_entry.description,
        "provider": public_entry.provider_id,
        "level": public_entry.level,
        "status": public_entry.status,
        "access": public_entry.access,
        "minimum_age": 3,
        "maximum_age": 8,
        "needs": public_entry.needs,
        "audiences": public_entry.audiences,
        "is_public": "on",
    }
    response = client.post(f"/admin/catalogue/intervention/{public_entry.pk}/change/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="catalogue.intervention_updated")
    assert event.changes == {"name": [public_entry.name, "Nytt navn"]}


def test_it_hides_other_municipalities_entries_in_the_admin(
    other_admin: User, public_entry: Intervention
) -> None:
    client = logged_in_client(other_admin)
    assert client.get(f"/admin/catalogue/intervention/{public_entry.pk}/change/").status_code == 404
    assert public_entry.name not in client.get("/admin/catalogue/intervention/").content.decode()


def test_it_refuses_the_admin_to_employees(employee: User, public_entry: Intervention) -> None:
    assert logged_in_client(employee).get("/admin/catalogue/intervention/").status_code == 404


def test_it_saves_a_new_guide_version_from_the_admin(
    admin_user: User, municipality: Municipality
) -> None:
    page = do_create_guide_page(
        admin_user,
        municipality=municipality,
        kind=PageKind.ROUTINE,
        slug="opplysningsplikt",
        title="Opplysningsplikt",
        body="Første tekst.",
    )
    client = logged_in_client(admin_user)
    assert client.get(f"/admin/guide/guidepage/{page.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/guide/guidepage/{page.pk}/change/",
        {
            "municipality": municipality.pk,
            "kind": "routine",
            "level": "",
            "position": 0,
            "slug": "opplysningsplikt",
            "title": "Opplysningsplikt",
            "summary": "",
            "body": "Andre tekst.",
            "checklist": "",
            "note": "Presisert",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "1",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(GuideVersion.objects.filter(page=page).values_list("body", flat=True)) == [
        "Andre tekst.",
        "Første tekst.",
    ]
    assert GuidePage.objects.get().current.note == "Presisert"  # type: ignore[union-attr]
