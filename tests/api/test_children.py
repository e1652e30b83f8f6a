"""/api/v1/children."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.organisation.models import Municipality
from rodtrad.people.models import Child
from tests.api.conftest import ApiClient, api_client_for
from tests.conftest import nb, valid_birth_number

NEW_NUMBER = valid_birth_number(1, 2, 2020)
UNAUTHENTICATED = (
    "Autentisering kreves: send en gyldig API-nøkkel i headeren 'Authorization: Bearer <nøkkel>'."
)
INVALID = "Forespørselen inneholder feil. Ingenting ble lagret."


def new_child(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "municipality": "5028",
        "identity_number": NEW_NUMBER,
        "given_name": "Nora",
        "family_name": "Berg",
    }
    body.update(fields)
    return body


def make_children(municipality: Municipality, count: int, month: int = 5) -> list[Child]:
    return [
        Child.objects.create(
            municipality=municipality,
            identity_number=valid_birth_number(day, month, 2019),
            given_name=f"Barn {day:02d}",
            family_name="Lund",
            birth_date=datetime.date(2019, month, day),
        )
        for day in range(1, count + 1)
    ]


class TestList:
    def test_it_lists_the_municipalitys_children_in_name_order(
        self, admin_api: ApiClient, child: Child, other_municipality: Municipality
    ) -> None:
        make_children(other_municipality, 2, month=6)
        [lund] = make_children(child.municipality, 1)

        response = admin_api.get("/children")

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        assert [item["id"] for item in body["items"]] == [child.pk, lund.pk]  # Hansen, Lund
        assert body["items"][0] == {
            "id": child.pk,
            "municipality": "5028",
            "identity_number_masked": "140321 *****",
            "given_name": "Emil",
            "family_name": "Hansen",
            "birth_date": "2021-03-14",
        }

    def test_the_list_never_shows_full_identity_numbers(
        self, admin_api: ApiClient, child: Child
    ) -> None:
        response = admin_api.get("/children")

        assert (child.identity_number or "-") not in response.content.decode()

    def test_it_pages(self, admin_api: ApiClient, municipality: Municipality) -> None:
        make_children(municipality, 5)

        body = admin_api.get("/children", page=2, page_size=2).json()

        assert body["count"] == 5
        assert [item["given_name"] for item in body["items"]] == ["Barn 03", "Barn 04"]

    def test_it_answers_in_a_fixed_number_of_queries(
        self,
        admin_api: ApiClient,
        municipality: Municipality,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        make_children(municipality, 12)

        # token, administered municipalities, count, page, its audit event
        with django_assert_max_num_queries(5):
            response = admin_api.get("/children")

        assert len(response.json()["items"]) == 12

    def test_an_outsider_gets_an_empty_list(self, outsider_api: ApiClient, child: Child) -> None:
        response = outsider_api.get("/children")

        assert response.status_code == 200
        assert response.json() == {"items": [], "count": 0}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, child: Child) -> None:
        response = stranger_api.get("/children")

        assert response.status_code == 401
        assert response.json() == {"detail": UNAUTHENTICATED, "errors": {}}
        assert response["WWW-Authenticate"] == "Bearer"


class TestCreate:
    def test_it_answers_201_with_the_new_childs_id(self, admin_api: ApiClient) -> None:
        response = admin_api.post("/children", new_child())

        assert response.status_code == 201
        child = Child.objects.get()
        body = response.json()
        assert body["id"] == child.pk
        assert body["identity_number"] == NEW_NUMBER
        assert body["birth_date"] == "2020-02-01"
        assert (child.given_name, child.family_name, child.municipality.number) == (
            "Nora",
            "Berg",
            "5028",
        )

    def test_it_trims_the_text(self, admin_api: ApiClient) -> None:
        admin_api.post(
            "/children", new_child(given_name="  Nora ", identity_number=f" {NEW_NUMBER}")
        )

        assert Child.objects.get().given_name == "Nora"

    @pytest.mark.parametrize(
        ("number", "msgid"),
        [
            ("1234567890", "An identity number has exactly 11 digits."),
            ("0102205018X", "An identity number has exactly 11 digits."),
            (
                NEW_NUMBER[:-1] + str((int(NEW_NUMBER[-1]) + 1) % 10),
                "The identity number is not valid: the check digits do not match.",
            ),
        ],
    )
    def test_it_refuses_a_wrong_identity_number_without_repeating_it(
        self, admin_api: ApiClient, number: str, msgid: str
    ) -> None:
        response = admin_api.post("/children", new_child(identity_number=number))

        assert response.status_code == 422
        assert response.json() == {"detail": INVALID, "errors": {"identity_number": [nb(msgid)]}}
        assert number not in response.content.decode()
        assert not Child.objects.exists()

    def test_it_refuses_a_number_already_registered(
        self, admin_api: ApiClient, child: Child
    ) -> None:
        response = admin_api.post("/children", new_child(identity_number=child.identity_number))

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "identity_number": [nb("A child with this identity number is already registered.")]
        }
        assert (child.identity_number or "-") not in response.content.decode()
        assert Child.objects.count() == 1

    def test_it_refuses_a_number_registered_in_another_municipality_too(
        self, admin_api: ApiClient, other_municipality: Municipality
    ) -> None:
        [elsewhere] = make_children(other_municipality, 1)

        response = admin_api.post("/children", new_child(identity_number=elsewhere.identity_number))

        assert response.status_code == 422
        assert Child.objects.count() == 1

    def test_it_refuses_empty_required_fields(self, admin_api: ApiClient) -> None:
        response = admin_api.post("/children", new_child(given_name="", family_name="  "))

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "given_name": ["Feltet kan ikke være blankt."],
            "family_name": ["Feltet kan ikke være blankt."],
        }
        assert not Child.objects.exists()

    def test_it_refuses_missing_fields_and_wrong_types(self, admin_api: ApiClient) -> None:
        response = admin_api.post("/children", {"municipality": 5028, "given_name": None})

        assert response.status_code == 422
        assert response.json() == {
            "detail": INVALID,
            "errors": {
                "municipality": ["Skriv inn tekst."],
                "identity_number": ["Feltet er påkrevet."],
                "given_name": ["Skriv inn tekst."],
                "family_name": ["Feltet er påkrevet."],
            },
        }

    def test_a_schema_error_does_not_repeat_the_number(self, admin_api: ApiClient) -> None:
        response = admin_api.post("/children", new_child(identity_number=int(NEW_NUMBER)))

        assert response.status_code == 422
        assert response.json()["errors"] == {"identity_number": ["Skriv inn tekst."]}
        assert NEW_NUMBER not in response.content.decode()

    def test_it_refuses_unknown_fields(self, admin_api: ApiClient) -> None:
        response = admin_api.post("/children", new_child(birth_date="2020-02-01"))

        assert response.status_code == 422
        assert response.json()["errors"] == {"birth_date": ["Ukjent felt."]}

    def test_it_answers_in_english_when_asked(self, admin_user: User) -> None:
        english = api_client_for(admin_user, language="en")

        response = english.post("/children", new_child(identity_number="123"))

        assert response.json() == {
            "detail": "The request contains errors. Nothing was saved.",
            "errors": {"identity_number": ["An identity number has exactly 11 digits."]},
        }

    @pytest.mark.parametrize("number", ["5029", "9999", "abc"])
    def test_a_municipality_not_administered_looks_like_one_that_does_not_exist(
        self, admin_api: ApiClient, other_municipality: Municipality, number: str
    ) -> None:
        response = admin_api.post("/children", new_child(municipality=number))

        assert response.status_code == 422
        assert response.json() == {
            "detail": INVALID,
            "errors": {"municipality": ["Fant ikke kommunen."]},
        }
        assert not Child.objects.exists()

    def test_an_outsider_cannot_register_a_child(
        self, outsider_api: ApiClient, municipality: Municipality
    ) -> None:
        # Not even the validity of the number is told: only "no such municipality".
        response = outsider_api.post("/children", new_child(identity_number="123"))

        assert response.status_code == 422
        assert response.json()["errors"] == {"municipality": ["Fant ikke kommunen."]}
        assert not Child.objects.exists()

    def test_a_stranger_gets_401_and_nothing_is_saved(
        self, stranger_api: ApiClient, municipality: Municipality
    ) -> None:
        response = stranger_api.post("/children", new_child())

        assert response.status_code == 401
        assert not Child.objects.exists()

    def test_a_body_that_is_not_json_is_refused(self, admin_api: ApiClient) -> None:
        response = admin_api.post_raw("/children", '{"given_name": ')

        assert response.status_code == 400
        assert response.json() == {
            "detail": "Innholdet i forespørselen kunne ikke leses. Send JSON.",
            "errors": {},
        }

    def test_a_missing_body_is_refused(self, admin_api: ApiClient) -> None:
        response = admin_api.post_raw("/children", "")

        assert response.status_code == 422
        assert response.json()["errors"] == {"__all__": ["Forespørselen mangler innhold."]}


class TestRead:
    def test_it_shows_the_child_in_full(self, admin_api: ApiClient, child: Child) -> None:
        response = admin_api.get(f"/children/{child.pk}")

        assert response.status_code == 200
        body = response.json()
        assert body["identity_number"] == child.identity_number
        assert body["municipality"] == "5028"
        assert set(body) == {
            "id",
            "municipality",
            "identity_number",
            "identity_number_masked",
            "given_name",
            "family_name",
            "birth_date",
            "created_at",
            "updated_at",
        }

    def test_the_reading_is_audited(
        self, admin_api: ApiClient, admin_user: User, child: Child
    ) -> None:
        admin_api.get(f"/children/{child.pk}")

        event = AuditEvent.objects.get(action="child.read")
        assert (event.actor_id, event.child_id, event.reason) == (
            admin_user.pk,
            child.pk,
            "registers.manage",
        )

    def test_a_denied_reading_is_not_recorded_as_a_reading(
        self, outsider_api: ApiClient, child: Child
    ) -> None:
        outsider_api.get(f"/children/{child.pk}")

        assert not AuditEvent.objects.filter(action="child.read").exists()

    def test_an_outsider_gets_the_same_404_as_for_a_missing_child(
        self, outsider_api: ApiClient, admin_api: ApiClient, child: Child
    ) -> None:
        denied = outsider_api.get(f"/children/{child.pk}")
        missing = admin_api.get(f"/children/{child.pk + 1000}")

        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json() == {"detail": "Fant ikke barnet.", "errors": {}}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, child: Child) -> None:
        assert stranger_api.get(f"/children/{child.pk}").status_code == 401


class TestUpdate:
    def test_it_changes_the_fields_sent(self, admin_api: ApiClient, child: Child) -> None:
        response = admin_api.patch(f"/children/{child.pk}", {"given_name": "Emilie"})

        assert response.status_code == 200
        assert response.json()["given_name"] == "Emilie"
        child.refresh_from_db()
        assert (child.given_name, child.family_name) == ("Emilie", "Hansen")

    def test_a_new_identity_number_gives_a_new_birth_date(
        self, admin_api: ApiClient, child: Child
    ) -> None:
        response = admin_api.patch(f"/children/{child.pk}", {"identity_number": NEW_NUMBER})

        assert response.json()["birth_date"] == "2020-02-01"

    def test_it_saves_nothing_when_something_is_wrong(
        self, admin_api: ApiClient, child: Child
    ) -> None:
        response = admin_api.patch(
            f"/children/{child.pk}", {"given_name": "Emilie", "identity_number": "12345678901"}
        )

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "identity_number": [
                nb("The identity number is not valid: the check digits do not match.")
            ]
        }
        child.refresh_from_db()
        assert child.given_name == "Emil"

    def test_null_is_refused_for_a_required_field(self, admin_api: ApiClient, child: Child) -> None:
        response = admin_api.patch(f"/children/{child.pk}", {"family_name": None})

        assert response.status_code == 422
        assert response.json()["errors"] == {"family_name": ["Skriv inn tekst."]}

    def test_the_municipality_cannot_be_changed(self, admin_api: ApiClient, child: Child) -> None:
        response = admin_api.patch(f"/children/{child.pk}", {"municipality": "5029"})

        assert response.status_code == 422
        assert response.json()["errors"] == {"municipality": ["Ukjent felt."]}

    def test_an_outsider_gets_404_and_nothing_changes(
        self, outsider_api: ApiClient, child: Child
    ) -> None:
        response = outsider_api.patch(f"/children/{child.pk}", {"given_name": "Emilie"})

        assert response.status_code == 404
        assert response.json()["detail"] == "Fant ikke barnet."
        child.refresh_from_db()
        assert child.given_name == "Emil"

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, child: Child) -> None:
        response = stranger_api.patch(f"/children/{child.pk}", {"given_name": "Emilie"})

        assert response.status_code == 401
        child.refresh_from_db()
        assert child.given_name == "Emil"
