from __future__ import annotations

from django.test import Client

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Membership, Role, Unit, UnitKind


def test_it_needs_login(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/"


def test_it_shows_my_cases_in_norwegian(employee_client: Client) -> None:
    html = employee_client.get("/").content.decode()
    assert '<html lang="nb"' in html
    assert "<h1" in html
    assert "Mine saker" in html
    assert "Du har ingen saker ennå." in html


def test_it_shows_the_units_i_belong_to(employee: User, employee_client: Client) -> None:
    school = Unit.objects.create(
        municipality_id=employee.memberships.get().unit.municipality_id,
        kind=UnitKind.SCHOOL,
        name="Gimse skole",
    )
    Membership.objects.create(user=employee, unit=school, role=Role.LEADER)
    html = employee_client.get("/").content.decode()
    assert "Solsikken barnehage" in html
    assert "Gimse skole" in html
    assert "leder" in html


def test_it_does_not_show_other_peoples_units(
    employee_client: Client, other_kindergarten: Unit
) -> None:
    assert "Lyngen barnehage" not in employee_client.get("/").content.decode()


def test_it_shows_the_user_and_a_logout_button(employee_client: Client) -> None:
    html = employee_client.get("/").content.decode()
    assert "Kari Testesen" in html
    assert 'action="/logg-ut/"' in html
    assert "Logg ut" in html


def test_it_has_a_skip_link_to_the_main_content(employee_client: Client) -> None:
    html = employee_client.get("/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html


def test_it_offers_administration_to_administrators_only(
    employee_client: Client, administrator_client: Client
) -> None:
    assert 'href="/admin/"' not in employee_client.get("/").content.decode()
    assert 'href="/admin/"' in administrator_client.get("/").content.decode()
