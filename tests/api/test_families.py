"""/api/v1/families."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from rodtrad.organisation.models import Municipality
from rodtrad.people.models import Child, Family, Guardian
from tests.api.conftest import ApiClient


@pytest.fixture
def adult(municipality: Municipality) -> Guardian:
    return Guardian.objects.create(
        municipality=municipality, given_name="Anne", family_name="Hansen"
    )


@pytest.fixture
def family(child: Child, adult: Guardian) -> Family:
    family = Family.objects.create(municipality=child.municipality, name="Hansen")
    family.children.add(child)
    family.adults.add(adult)
    return family


class TestList:
    def test_it_lists_the_families_by_name(
        self, admin_api: ApiClient, family: Family, child: Child, adult: Guardian
    ) -> None:
        other = Family.objects.create(municipality=family.municipality, name="Berg")

        body = admin_api.get("/families").json()

        assert body == {
            "count": 2,
            "items": [
                {
                    "id": other.pk,
                    "municipality": "5028",
                    "name": "Berg",
                    "children": [],
                    "adults": [],
                },
                {
                    "id": family.pk,
                    "municipality": "5028",
                    "name": "Hansen",
                    "children": [child.pk],
                    "adults": [adult.pk],
                },
            ],
        }

    def test_it_answers_in_a_fixed_number_of_queries(
        self,
        admin_api: ApiClient,
        child: Child,
        adult: Guardian,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for number in range(10):
            family = Family.objects.create(
                municipality=child.municipality, name=f"Familie {number}"
            )
            family.children.add(child)
            family.adults.add(adult)

        # token, administered municipalities, count, page, children, adults, its audit event
        with django_assert_max_num_queries(7):
            response = admin_api.get("/families")

        assert len(response.json()["items"]) == 10

    def test_an_outsider_gets_an_empty_list(self, outsider_api: ApiClient, family: Family) -> None:
        assert outsider_api.get("/families").json() == {"items": [], "count": 0}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient) -> None:
        assert stranger_api.get("/families").status_code == 401


class TestCreate:
    def test_it_answers_201_with_the_new_family(
        self, admin_api: ApiClient, child: Child, adult: Guardian
    ) -> None:
        response = admin_api.post(
            "/families",
            {
                "municipality": "5028",
                "name": "Hansen",
                "children": [child.pk],
                "adults": [adult.pk],
            },
        )

        assert response.status_code == 201
        family = Family.objects.get()
        assert response.json()["id"] == family.pk
        assert list(family.children.all()) == [child]
        assert list(family.adults.all()) == [adult]

    def test_it_refuses_an_empty_name(
        self, admin_api: ApiClient, municipality: Municipality
    ) -> None:
        response = admin_api.post("/families", {"municipality": "5028", "name": " "})

        assert response.status_code == 422
        assert response.json()["errors"] == {"name": ["Feltet kan ikke være blankt."]}
        assert not Family.objects.exists()

    def test_people_of_another_municipality_are_not_found(
        self, admin_api: ApiClient, municipality: Municipality, other_municipality: Municipality
    ) -> None:
        stranger = Guardian.objects.create(
            municipality=other_municipality, given_name="Ola", family_name="Lie"
        )

        response = admin_api.post(
            "/families", {"municipality": "5028", "name": "Lie", "adults": [stranger.pk]}
        )

        assert response.status_code == 422
        assert response.json()["errors"] == {"adults": ["Fant ikke den foresatte."]}
        assert not Family.objects.exists()

    def test_an_outsider_gets_municipality_not_found(
        self, outsider_api: ApiClient, municipality: Municipality
    ) -> None:
        response = outsider_api.post("/families", {"municipality": "5028", "name": "Hansen"})

        assert response.status_code == 422
        assert response.json()["errors"] == {"municipality": ["Fant ikke kommunen."]}
        assert not Family.objects.exists()

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, municipality: Municipality) -> None:
        response = stranger_api.post("/families", {"municipality": "5028", "name": "Hansen"})

        assert response.status_code == 401
        assert not Family.objects.exists()


class TestRead:
    def test_it_shows_the_family(self, admin_api: ApiClient, family: Family, child: Child) -> None:
        body = admin_api.get(f"/families/{family.pk}").json()

        assert (body["name"], body["children"]) == ("Hansen", [child.pk])

    def test_an_outsider_gets_the_same_404_as_for_a_missing_family(
        self, outsider_api: ApiClient, admin_api: ApiClient, family: Family
    ) -> None:
        denied = outsider_api.get(f"/families/{family.pk}")
        missing = admin_api.get(f"/families/{family.pk + 1000}")

        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json() == {"detail": "Fant ikke familien.", "errors": {}}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, family: Family) -> None:
        assert stranger_api.get(f"/families/{family.pk}").status_code == 401


class TestUpdate:
    def test_it_changes_what_is_sent_and_keeps_the_rest(
        self, admin_api: ApiClient, family: Family, adult: Guardian
    ) -> None:
        response = admin_api.patch(
            f"/families/{family.pk}", {"name": "Hansen/Berg", "children": []}
        )

        assert response.status_code == 200
        assert response.json()["adults"] == [adult.pk]
        family.refresh_from_db()
        assert family.name == "Hansen/Berg"
        assert not family.children.exists()

    def test_an_unknown_child_changes_nothing(self, admin_api: ApiClient, family: Family) -> None:
        response = admin_api.patch(f"/families/{family.pk}", {"name": "Ny", "children": [0]})

        assert response.status_code == 422
        assert response.json()["errors"] == {"children": ["Fant ikke barnet."]}
        family.refresh_from_db()
        assert family.name == "Hansen"
        assert family.children.exists()

    def test_an_outsider_gets_404_and_nothing_changes(
        self, outsider_api: ApiClient, family: Family
    ) -> None:
        assert outsider_api.patch(f"/families/{family.pk}", {"name": "X"}).status_code == 404
        family.refresh_from_db()
        assert family.name == "Hansen"

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, family: Family) -> None:
        assert stranger_api.patch(f"/families/{family.pk}", {"name": "X"}).status_code == 401
        family.refresh_from_db()
        assert family.name == "Hansen"
