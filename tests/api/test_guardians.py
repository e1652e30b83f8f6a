"""/api/v1/guardians."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from rodtrad.organisation.models import Municipality
from rodtrad.people.models import Child, Guardian, Guardianship, Relation
from tests.api.conftest import ApiClient
from tests.conftest import nb, valid_birth_number

MOTHER_NUMBER = valid_birth_number(3, 4, 1985)


@pytest.fixture
def guardian(child: Child) -> Guardian:
    guardian = Guardian.objects.create(
        municipality=child.municipality,
        identity_number=MOTHER_NUMBER,
        given_name="Anne",
        family_name="Hansen",
        phone="900 00 000",
    )
    Guardianship.objects.create(guardian=guardian, child=child, relation=Relation.MOTHER)
    return guardian


def new_guardian(child: Child | None = None, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "municipality": "5028",
        "identity_number": valid_birth_number(9, 9, 1980),
        "given_name": "Per",
        "family_name": "Hansen",
        "guardianships": []
        if child is None
        else [{"child": child.pk, "relation": "father", "parental_responsibility": False}],
    }
    body.update(fields)
    return body


class TestList:
    def test_it_lists_the_guardians_with_masked_numbers(
        self, admin_api: ApiClient, guardian: Guardian, child: Child
    ) -> None:
        response = admin_api.get("/guardians")

        assert response.json() == {
            "count": 1,
            "items": [
                {
                    "id": guardian.pk,
                    "municipality": "5028",
                    "identity_number_masked": "030485 *****",
                    "given_name": "Anne",
                    "family_name": "Hansen",
                    "phone": "900 00 000",
                    "email": "",
                    "address": "",
                    "guardianships": [
                        {
                            "child": child.pk,
                            "relation": "mother",
                            "parental_responsibility": True,
                            "lives_with_child": True,
                        }
                    ],
                }
            ],
        }
        assert MOTHER_NUMBER not in response.content.decode()

    def test_it_gives_a_childs_guardians(
        self, admin_api: ApiClient, guardian: Guardian, municipality: Municipality
    ) -> None:
        Guardian.objects.create(municipality=municipality, given_name="Ola", family_name="Lie")

        items = admin_api.get("/guardians", child=guardian.guardianships.get().child_id).json()

        assert [item["id"] for item in items["items"]] == [guardian.pk]

    def test_it_answers_in_a_fixed_number_of_queries(
        self,
        admin_api: ApiClient,
        child: Child,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for number in range(10):
            adult = Guardian.objects.create(
                municipality=child.municipality, given_name=f"Voksen {number}", family_name="Lie"
            )
            Guardianship.objects.create(
                guardian=adult, child=child, relation=Relation.OTHER_GUARDIAN
            )

        # token, administered municipalities, count, page, guardianships, its audit event
        with django_assert_max_num_queries(6):
            response = admin_api.get("/guardians")

        assert len(response.json()["items"]) == 10

    def test_an_outsider_gets_an_empty_list(
        self, outsider_api: ApiClient, guardian: Guardian
    ) -> None:
        assert outsider_api.get("/guardians").json() == {"items": [], "count": 0}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient) -> None:
        assert stranger_api.get("/guardians").status_code == 401


class TestCreate:
    def test_it_answers_201_with_the_new_guardian(self, admin_api: ApiClient, child: Child) -> None:
        response = admin_api.post("/guardians", new_guardian(child))

        assert response.status_code == 201
        per = Guardian.objects.get(given_name="Per")
        assert response.json()["id"] == per.pk
        assert response.json()["identity_number"] == valid_birth_number(9, 9, 1980)
        guardianship = per.guardianships.get()
        assert (guardianship.child, guardianship.relation) == (child, Relation.FATHER)
        assert not guardianship.parental_responsibility

    def test_the_identity_number_is_optional(self, admin_api: ApiClient, child: Child) -> None:
        response = admin_api.post("/guardians", new_guardian(identity_number=None))

        assert response.status_code == 201
        assert response.json()["identity_number"] is None
        assert response.json()["identity_number_masked"] is None

    def test_it_refuses_a_wrong_identity_number_without_repeating_it(
        self, admin_api: ApiClient, municipality: Municipality
    ) -> None:
        response = admin_api.post("/guardians", new_guardian(identity_number="31129912345"))

        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["identity_number"]
        assert "31129912345" not in response.content.decode()
        assert not Guardian.objects.exists()

    def test_it_refuses_a_duplicate_identity_number(
        self, admin_api: ApiClient, guardian: Guardian
    ) -> None:
        response = admin_api.post("/guardians", new_guardian(identity_number=MOTHER_NUMBER))

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "identity_number": [nb("A person with this identity number is already registered.")]
        }
        assert MOTHER_NUMBER not in response.content.decode()
        assert Guardian.objects.count() == 1

    def test_it_refuses_empty_names_and_an_unknown_relation(
        self, admin_api: ApiClient, child: Child
    ) -> None:
        response = admin_api.post(
            "/guardians",
            new_guardian(guardianships=[{"child": child.pk, "relation": "uncle"}]),
        )
        assert response.json()["errors"] == {
            "guardianships.0.relation": ["Velg en av de tillatte verdiene."]
        }

        response = admin_api.post("/guardians", new_guardian(given_name=""))
        assert response.json()["errors"] == {"given_name": ["Feltet kan ikke være blankt."]}
        assert not Guardian.objects.exists()

    def test_a_child_of_another_municipality_is_not_found(
        self, admin_api: ApiClient, other_municipality: Municipality
    ) -> None:
        stranger = Child.objects.create(
            municipality=other_municipality,
            identity_number=valid_birth_number(2, 2, 2020),
            given_name="Ola",
            family_name="Lie",
            birth_date=datetime.date(2020, 2, 2),
        )

        response = admin_api.post("/guardians", new_guardian(stranger))

        assert response.status_code == 422
        assert response.json()["errors"] == {"guardianships": ["Fant ikke barnet."]}
        assert not Guardian.objects.exists()

    def test_an_outsider_gets_municipality_not_found(
        self, outsider_api: ApiClient, municipality: Municipality
    ) -> None:
        response = outsider_api.post("/guardians", new_guardian())

        assert response.status_code == 422
        assert response.json()["errors"] == {"municipality": ["Fant ikke kommunen."]}
        assert not Guardian.objects.exists()

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, municipality: Municipality) -> None:
        assert stranger_api.post("/guardians", new_guardian()).status_code == 401
        assert not Guardian.objects.exists()


class TestRead:
    def test_it_shows_the_guardian_in_full(self, admin_api: ApiClient, guardian: Guardian) -> None:
        body = admin_api.get(f"/guardians/{guardian.pk}").json()

        assert body["identity_number"] == MOTHER_NUMBER
        assert body["guardianships"][0]["relation"] == "mother"

    def test_an_outsider_gets_the_same_404_as_for_a_missing_guardian(
        self, outsider_api: ApiClient, admin_api: ApiClient, guardian: Guardian
    ) -> None:
        denied = outsider_api.get(f"/guardians/{guardian.pk}")
        missing = admin_api.get(f"/guardians/{guardian.pk + 1000}")

        assert denied.status_code == missing.status_code == 404
        assert (
            denied.json() == missing.json() == {"detail": "Fant ikke den foresatte.", "errors": {}}
        )

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, guardian: Guardian) -> None:
        assert stranger_api.get(f"/guardians/{guardian.pk}").status_code == 401


class TestUpdate:
    def test_it_changes_the_fields_sent_and_replaces_the_guardianships(
        self, admin_api: ApiClient, guardian: Guardian, child: Child
    ) -> None:
        response = admin_api.patch(
            f"/guardians/{guardian.pk}",
            {
                "email": "anne@example.no",
                "guardianships": [
                    {"child": child.pk, "relation": "mother", "lives_with_child": False}
                ],
            },
        )

        assert response.status_code == 200
        guardian.refresh_from_db()
        assert guardian.email == "anne@example.no"
        assert guardian.phone == "900 00 000"
        assert not guardian.guardianships.get().lives_with_child

    def test_an_empty_identity_number_removes_it(
        self, admin_api: ApiClient, guardian: Guardian
    ) -> None:
        response = admin_api.patch(f"/guardians/{guardian.pk}", {"identity_number": ""})

        assert response.json()["identity_number"] is None
        guardian.refresh_from_db()
        assert guardian.identity_number is None

    def test_it_saves_nothing_when_something_is_wrong(
        self, admin_api: ApiClient, guardian: Guardian
    ) -> None:
        response = admin_api.patch(
            f"/guardians/{guardian.pk}", {"phone": "1", "email": "ikke en adresse"}
        )

        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["email"]
        guardian.refresh_from_db()
        assert guardian.phone == "900 00 000"

    def test_an_outsider_gets_404_and_nothing_changes(
        self, outsider_api: ApiClient, guardian: Guardian
    ) -> None:
        response = outsider_api.patch(f"/guardians/{guardian.pk}", {"given_name": "X"})

        assert response.status_code == 404
        guardian.refresh_from_db()
        assert guardian.given_name == "Anne"

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, guardian: Guardian) -> None:
        assert (
            stranger_api.patch(f"/guardians/{guardian.pk}", {"given_name": "X"}).status_code == 401
        )
        guardian.refresh_from_db()
        assert guardian.given_name == "Anne"
