"""Units, employees, guardians, families and enrolments in the administrators'
pages: each scoped to the administrator's municipalities (rodtrad.policy)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Membership, Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment, Family, Guardian
from tests.conftest import PASSWORD, make_user, valid_birth_number


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# Units


def test_it_lists_only_my_units(
    administrator_client: Client, kindergarten: Unit, other_kindergarten: Unit
) -> None:
    html = administrator_client.get("/admin/organisation/unit/").content.decode()
    assert "Solsikken barnehage" in html
    assert "Lyngen barnehage" not in html


def test_it_creates_a_unit_in_my_municipality(
    administrator_client: Client, municipality: Municipality, kindergarten: Unit
) -> None:
    response = administrator_client.post(
        "/admin/organisation/unit/add/",
        {
            "municipality": municipality.pk,
            "name": "Gimse skole",
            "kind": UnitKind.SCHOOL,
            "parent": "",
            "confidentiality_law": "opplaeringslova",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(name="Gimse skole").municipality == municipality


def test_it_refuses_a_unit_in_another_municipality(
    administrator_client: Client, kindergarten: Unit, other_municipality: Municipality
) -> None:
    response = administrator_client.post(
        "/admin/organisation/unit/add/",
        {
            "municipality": other_municipality.pk,
            "name": "Fremmed skole",
            "kind": UnitKind.SCHOOL,
            "confidentiality_law": "opplaeringslova",
        },
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Unit.objects.filter(name="Fremmed skole").exists()


def test_it_answers_404_for_a_unit_of_another_municipality(
    administrator_client: Client, other_kindergarten: Unit
) -> None:
    url = f"/admin/organisation/unit/{other_kindergarten.pk}/change/"
    assert administrator_client.get(url).status_code == 404


# Employees


def test_it_lists_only_the_employees_of_my_municipality(
    administrator_client: Client, employee: User, other_admin: User
) -> None:
    html = administrator_client.get("/admin/accounts/user/").content.decode()
    assert "kari" in html
    assert "annen" not in html


def employee_form(unit: Unit, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "ola",
        "first_name": "Ola",
        "last_name": "Nordmann",
        "email": "",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **management("memberships", total=1),
        "memberships-0-unit": str(unit.pk),
        "memberships-0-role": Role.EMPLOYEE,
    }
    data.update(overrides)
    return data


def test_it_creates_an_employee_with_a_membership(
    administrator_client: Client, kindergarten: Unit
) -> None:
    response = administrator_client.post("/admin/accounts/user/add/", employee_form(kindergarten))
    assert response.status_code == 302
    ola = User.objects.get(username="ola")
    assert ola.check_password(PASSWORD)
    assert not ola.is_staff
    assert not ola.is_superuser
    assert list(ola.memberships.values_list("unit", "role")) == [(kindergarten.pk, "employee")]
    assert administrator_client.get(response["Location"]).status_code == 200


def test_it_refuses_an_employee_without_a_unit(
    administrator_client: Client, kindergarten: Unit
) -> None:
    data = employee_form(kindergarten, **management("memberships", total=0))
    response = administrator_client.post("/admin/accounts/user/add/", data)
    assert response.status_code == 200
    assert "En ansatt må høre til minst én enhet." in response.content.decode()
    assert not User.objects.filter(username="ola").exists()


def test_it_refuses_a_membership_in_another_municipality(
    administrator_client: Client, kindergarten: Unit, other_kindergarten: Unit
) -> None:
    response = administrator_client.post(
        "/admin/accounts/user/add/", employee_form(other_kindergarten)
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not User.objects.filter(username="ola").exists()


def test_it_cannot_make_anyone_a_superuser(
    administrator_client: Client, employee: User, kindergarten: Unit
) -> None:
    membership = employee.memberships.get()
    response = administrator_client.post(
        f"/admin/accounts/user/{employee.pk}/change/",
        {
            "username": "kari",
            "first_name": "Kari",
            "last_name": "Testesen",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            **management("memberships", total=1, initial=1),
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(employee.pk),
            "memberships-0-unit": str(kindergarten.pk),
            "memberships-0-role": Role.EMPLOYEE,
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert not employee.is_superuser
    assert not employee.is_staff


def test_it_leaves_a_superuser_alone(administrator_client: Client, kindergarten: Unit) -> None:
    boss = make_user("sjef", kindergarten)
    boss.is_superuser = True
    boss.save(update_fields=["is_superuser"])
    response = administrator_client.post(
        f"/admin/accounts/user/{boss.pk}/password/",
        {"password1": "nytt-passord-9876", "password2": "nytt-passord-9876"},
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password(PASSWORD)


def test_it_leaves_the_account_of_someone_working_elsewhere_too_alone(
    administrator_client: Client, employee: User, other_kindergarten: Unit
) -> None:
    Membership.objects.create(user=employee, unit=other_kindergarten)
    url = f"/admin/accounts/user/{employee.pk}/"
    assert administrator_client.get(url + "change/").status_code == 200
    response = administrator_client.post(
        url + "password/", {"password1": "nytt-passord-9876", "password2": "nytt-passord-9876"}
    )
    assert response.status_code == 403
    html = administrator_client.get(url + "change/").content.decode()
    assert "Lyngen barnehage" not in html


def test_it_answers_404_for_an_employee_of_another_municipality(
    administrator_client: Client, other_admin: User
) -> None:
    url = f"/admin/accounts/user/{other_admin.pk}/change/"
    assert administrator_client.get(url).status_code == 404


# Guardians, families, enrolments


def test_it_masks_guardians_identity_numbers(
    administrator_client: Client, municipality: Municipality
) -> None:
    number = valid_birth_number(3, 4, 1985)
    Guardian.objects.create(
        municipality=municipality, identity_number=number, given_name="Nina", family_name="Lie"
    )
    html = administrator_client.get("/admin/people/guardian/").content.decode()
    assert "Lie" in html
    assert number not in html
    assert "030485 *****" in html


def test_it_creates_a_guardian_with_a_guardianship(
    administrator_client: Client, municipality: Municipality, child: Child
) -> None:
    response = administrator_client.post(
        "/admin/people/guardian/add/",
        {
            "municipality": municipality.pk,
            "identity_number": "",
            "given_name": "Nina",
            "family_name": "Hansen",
            "phone": "",
            "email": "",
            "address": "",
            **management("guardianships", total=1),
            "guardianships-0-child": child.pk,
            "guardianships-0-relation": "mother",
            "guardianships-0-parental_responsibility": "on",
        },
    )
    assert response.status_code == 302
    assert [str(g) for g in child.guardians.all()] == ["Nina Hansen"]


def test_it_refuses_a_guardian_with_an_invalid_identity_number(
    administrator_client: Client, municipality: Municipality
) -> None:
    response = administrator_client.post(
        "/admin/people/guardian/add/",
        {
            "municipality": municipality.pk,
            "identity_number": "12345678901",
            "given_name": "Nina",
            "family_name": "Lie",
            **management("guardianships"),
        },
    )
    assert response.status_code == 200
    assert "Fødselsnummeret er ikke gyldig" in response.content.decode()
    assert not Guardian.objects.exists()


def test_it_refuses_a_family_with_a_child_of_another_municipality(
    other_admin_client: Client, other_municipality: Municipality, child: Child
) -> None:
    response = other_admin_client.post(
        "/admin/people/family/add/",
        {"municipality": other_municipality.pk, "name": "Familien Hansen", "children": child.pk},
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Family.objects.exists()


def test_it_enrols_a_child_in_a_kindergarten(
    administrator_client: Client, child: Child, kindergarten: Unit
) -> None:
    response = administrator_client.post(
        "/admin/people/enrolment/add/",
        {"child": child.pk, "unit": kindergarten.pk, "starts_on": "2022-08-15", "ends_on": ""},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.municipality_id == child.municipality_id
    assert enrolment.starts_on == datetime.date(2022, 8, 15)


def test_it_refuses_an_enrolment_that_ends_before_it_starts(
    administrator_client: Client, child: Child, kindergarten: Unit
) -> None:
    response = administrator_client.post(
        "/admin/people/enrolment/add/",
        {
            "child": child.pk,
            "unit": kindergarten.pk,
            "starts_on": "2022-08-15",
            "ends_on": "2022-08-01",
        },
    )
    assert response.status_code == 200
    assert "Sluttdatoen kan ikke være før startdatoen." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_it_offers_only_kindergartens_and_schools_for_enrolment(
    administrator_client: Client, municipality: Municipality, kindergarten: Unit
) -> None:
    Unit.objects.create(municipality=municipality, kind=UnitKind.PPT, name="PPT Melhus")
    html = administrator_client.get("/admin/people/enrolment/add/").content.decode()
    assert "Solsikken barnehage" in html
    assert "PPT Melhus" not in html


# Query counts: list pages must not grow with the number of rows.


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_employees_with_a_fixed_number_of_queries(
    administrator_client: Client, kindergarten: Unit
) -> None:
    make_user("en", kindergarten)
    one = count_queries(administrator_client, "/admin/accounts/user/")
    for name in ("to", "tre", "fire", "fem"):
        make_user(name, kindergarten)
    assert count_queries(administrator_client, "/admin/accounts/user/") == one


def test_it_lists_enrolments_with_a_fixed_number_of_queries(
    administrator_client: Client, child: Child, kindergarten: Unit
) -> None:
    Enrolment.objects.create(
        municipality=child.municipality, child=child, unit=kindergarten, starts_on="2022-08-15"
    )
    one = count_queries(administrator_client, "/admin/people/enrolment/")
    for year in (2023, 2024, 2025):
        Enrolment.objects.create(
            municipality=child.municipality,
            child=child,
            unit=kindergarten,
            starts_on=datetime.date(year, 8, 15),
        )
    assert count_queries(administrator_client, "/admin/people/enrolment/") == one
