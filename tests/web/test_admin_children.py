"""Children in the administrators' pages: scoped to the municipality, validated
in Norwegian, identity numbers masked."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.test import Client

from rodtrad.organisation.models import Municipality
from rodtrad.people.models import Child
from tests.conftest import valid_birth_number

INLINES = {
    "guardianships-TOTAL_FORMS": "0",
    "guardianships-INITIAL_FORMS": "0",
    "guardianships-MIN_NUM_FORMS": "0",
    "guardianships-MAX_NUM_FORMS": "1000",
}


def child_form(municipality: Municipality, **overrides: Any) -> dict[str, Any]:
    data = {
        "municipality": str(municipality.pk),
        "identity_number": valid_birth_number(2, 5, 2019),
        "given_name": "Sara",
        "family_name": "Lie",
        "birth_date": "",
        **INLINES,
    }
    data.update(overrides)
    return data


def test_it_lists_the_children_of_my_municipality(
    administrator_client: Client, child: Child
) -> None:
    html = administrator_client.get("/admin/people/child/").content.decode()
    assert "Hansen" in html
    assert child.masked_identity_number in html


def test_it_never_shows_a_full_identity_number_in_the_list(
    administrator_client: Client, child: Child
) -> None:
    html = administrator_client.get("/admin/people/child/").content.decode()
    assert child.identity_number
    assert child.identity_number not in html
    assert child.identity_number[6:] not in html


def test_it_does_not_list_children_of_another_municipality(
    other_admin_client: Client, child: Child
) -> None:
    html = other_admin_client.get("/admin/people/child/").content.decode()
    assert "Hansen" not in html


def test_it_answers_404_for_a_child_of_another_municipality(
    other_admin_client: Client, child: Child
) -> None:
    for suffix in ("change/", "delete/", "history/"):
        response = other_admin_client.get(f"/admin/people/child/{child.pk}/{suffix}")
        assert response.status_code == 404


def test_it_answers_404_for_a_child_that_does_not_exist(administrator_client: Client) -> None:
    assert administrator_client.get("/admin/people/child/999999/change/").status_code == 404


def test_it_refuses_changes_to_a_child_of_another_municipality(
    other_admin_client: Client, child: Child, other_municipality: Municipality
) -> None:
    response = other_admin_client.post(
        f"/admin/people/child/{child.pk}/change/",
        child_form(other_municipality, identity_number=child.identity_number, given_name="X"),
    )
    assert response.status_code == 404
    child.refresh_from_db()
    assert child.given_name == "Emil"


def test_it_opens_the_change_page_of_my_child(administrator_client: Client, child: Child) -> None:
    response = administrator_client.get(f"/admin/people/child/{child.pk}/change/")
    assert response.status_code == 200
    assert "Emil" in response.content.decode()


def test_it_creates_a_child_and_takes_the_birth_date_from_the_number(
    administrator_client: Client, municipality: Municipality
) -> None:
    response = administrator_client.post("/admin/people/child/add/", child_form(municipality))
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.municipality == municipality
    assert child.birth_date == datetime.date(2019, 5, 2)
    # The number goes neither into the redirect nor into the admin's log entry.
    number = valid_birth_number(2, 5, 2019)
    assert number not in response["Location"]
    entry = LogEntry.objects.get()
    assert number not in f"{entry.object_repr} {entry.change_message} {entry.object_id}"


def test_it_suggests_my_municipality_on_the_add_form(
    administrator_client: Client, municipality: Municipality
) -> None:
    html = administrator_client.get("/admin/people/child/add/").content.decode()
    assert f'<option value="{municipality.pk}" selected>' in html


def test_it_offers_only_my_municipalities(
    administrator_client: Client, other_municipality: Municipality
) -> None:
    html = administrator_client.get("/admin/people/child/add/").content.decode()
    assert "Skaun" not in html


def test_it_refuses_a_child_in_another_municipality(
    administrator_client: Client, other_municipality: Municipality
) -> None:
    response = administrator_client.post("/admin/people/child/add/", child_form(other_municipality))
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Child.objects.exists()


def test_it_refuses_an_invalid_identity_number_in_norwegian(
    administrator_client: Client, municipality: Municipality
) -> None:
    number = valid_birth_number(2, 5, 2019)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = administrator_client.post(
        "/admin/people/child/add/", child_form(municipality, identity_number=wrong)
    )
    assert response.status_code == 200
    assert "kontrollsifrene stemmer ikke" in response.content.decode()
    assert not Child.objects.exists()


def test_it_refuses_an_identity_number_of_the_wrong_length(
    administrator_client: Client, municipality: Municipality
) -> None:
    response = administrator_client.post(
        "/admin/people/child/add/", child_form(municipality, identity_number="1234")
    )
    assert response.status_code == 200
    assert "nøyaktig 11 siffer" in response.content.decode()
    assert not Child.objects.exists()


def test_it_refuses_an_empty_name_in_norwegian(
    administrator_client: Client, municipality: Municipality
) -> None:
    response = administrator_client.post(
        "/admin/people/child/add/", child_form(municipality, given_name="")
    )
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert not Child.objects.exists()


def test_it_refuses_a_duplicate_identity_number_in_norwegian(
    administrator_client: Client, child: Child, municipality: Municipality
) -> None:
    response = administrator_client.post(
        "/admin/people/child/add/",
        child_form(municipality, identity_number=child.identity_number),
    )
    assert response.status_code == 200
    assert "Et barn med dette fødselsnummeret er allerede registrert." in (
        response.content.decode()
    )
    assert Child.objects.count() == 1


def test_it_does_not_search_by_identity_number(administrator_client: Client, child: Child) -> None:
    assert child.identity_number
    html = administrator_client.get(
        "/admin/people/child/", {"q": child.identity_number}
    ).content.decode()
    assert "Hansen" not in html
