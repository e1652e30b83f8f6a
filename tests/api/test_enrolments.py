"""/api/v1/enrolments."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment
from tests.api.conftest import ApiClient
from tests.conftest import nb

AUGUST = datetime.date(2024, 8, 1)


@pytest.fixture
def enrolment(child: Child, kindergarten: Unit) -> Enrolment:
    return Enrolment.objects.create(
        municipality=child.municipality, child=child, unit=kindergarten, starts_on=AUGUST
    )


def new_enrolment(child: Child, unit: Unit, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {"child": child.pk, "unit": unit.pk, "starts_on": "2024-08-01"}
    body.update(fields)
    return body


class TestList:
    def test_it_lists_the_enrolments_newest_first(
        self, admin_api: ApiClient, enrolment: Enrolment, child: Child, kindergarten: Unit
    ) -> None:
        later = Enrolment.objects.create(
            municipality=child.municipality,
            child=child,
            unit=kindergarten,
            starts_on=datetime.date(2025, 8, 1),
            ends_on=datetime.date(2026, 6, 20),
        )

        body = admin_api.get("/enrolments").json()

        assert body["count"] == 2
        assert body["items"][0] == {
            "id": later.pk,
            "municipality": "5028",
            "child": child.pk,
            "unit": kindergarten.pk,
            "starts_on": "2025-08-01",
            "ends_on": "2026-06-20",
        }
        assert body["items"][1]["id"] == enrolment.pk

    def test_it_narrows_to_a_child_or_a_unit(
        self, admin_api: ApiClient, enrolment: Enrolment, child: Child
    ) -> None:
        assert admin_api.get("/enrolments", child=child.pk).json()["count"] == 1
        assert admin_api.get("/enrolments", child=child.pk + 1).json()["count"] == 0
        assert admin_api.get("/enrolments", unit=enrolment.unit_id).json()["count"] == 1

    def test_it_answers_in_a_fixed_number_of_queries(
        self,
        admin_api: ApiClient,
        child: Child,
        kindergarten: Unit,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for year in range(2010, 2020):
            Enrolment.objects.create(
                municipality=child.municipality,
                child=child,
                unit=kindergarten,
                starts_on=datetime.date(year, 8, 1),
            )

        # token, administered municipalities, count, page, its audit event
        with django_assert_max_num_queries(5):
            response = admin_api.get("/enrolments")

        assert len(response.json()["items"]) == 10

    def test_an_outsider_gets_an_empty_list(
        self, outsider_api: ApiClient, enrolment: Enrolment
    ) -> None:
        assert outsider_api.get("/enrolments").json() == {"items": [], "count": 0}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient) -> None:
        assert stranger_api.get("/enrolments").status_code == 401


class TestCreate:
    def test_it_answers_201_with_the_new_enrolment(
        self, admin_api: ApiClient, child: Child, kindergarten: Unit
    ) -> None:
        response = admin_api.post(
            "/enrolments", new_enrolment(child, kindergarten, ends_on="2027-06-20")
        )

        assert response.status_code == 201
        enrolment = Enrolment.objects.get()
        assert response.json()["id"] == enrolment.pk
        assert (enrolment.starts_on, enrolment.ends_on) == (AUGUST, datetime.date(2027, 6, 20))
        assert enrolment.municipality == child.municipality

    def test_it_refuses_an_end_before_the_start(
        self, admin_api: ApiClient, child: Child, kindergarten: Unit
    ) -> None:
        response = admin_api.post(
            "/enrolments", new_enrolment(child, kindergarten, ends_on="2024-07-31")
        )

        assert response.status_code == 422
        assert response.json() == {
            "detail": "Forespørselen inneholder feil. Ingenting ble lagret.",
            "errors": {"ends_on": [nb("The end date cannot be before the start date.")]},
        }
        assert not Enrolment.objects.exists()

    def test_it_refuses_a_date_that_is_not_a_date(
        self, admin_api: ApiClient, child: Child, kindergarten: Unit
    ) -> None:
        response = admin_api.post(
            "/enrolments", new_enrolment(child, kindergarten, starts_on="1/8")
        )

        assert response.status_code == 422
        assert response.json()["errors"] == {"starts_on": ["Oppgi en dato på formen ÅÅÅÅ-MM-DD."]}
        assert not Enrolment.objects.exists()

    def test_it_refuses_a_unit_that_is_not_a_kindergarten_or_school(
        self, admin_api: ApiClient, child: Child, municipality: Municipality
    ) -> None:
        nav = Unit.objects.create(municipality=municipality, kind=UnitKind.NAV, name="NAV Melhus")

        response = admin_api.post("/enrolments", new_enrolment(child, nav))

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "unit": [nb("Children can only be enrolled in a kindergarten or a school.")]
        }
        assert not Enrolment.objects.exists()

    def test_a_neighbours_unit_is_found_only_if_it_serves_the_childs_municipality(
        self, admin_api: ApiClient, child: Child, other_kindergarten: Unit
    ) -> None:
        refused = admin_api.post("/enrolments", new_enrolment(child, other_kindergarten))
        assert refused.status_code == 422
        assert refused.json()["errors"] == {"unit": ["Fant ikke enheten."]}

        other_kindergarten.serves.add(child.municipality)
        accepted = admin_api.post("/enrolments", new_enrolment(child, other_kindergarten))
        assert accepted.status_code == 201

    def test_an_outsider_gets_child_not_found(
        self, outsider_api: ApiClient, child: Child, kindergarten: Unit
    ) -> None:
        response = outsider_api.post("/enrolments", new_enrolment(child, kindergarten))

        assert response.status_code == 422
        assert response.json()["errors"] == {"child": ["Fant ikke barnet."]}
        assert not Enrolment.objects.exists()

    def test_a_stranger_gets_401(
        self, stranger_api: ApiClient, child: Child, kindergarten: Unit
    ) -> None:
        assert (
            stranger_api.post("/enrolments", new_enrolment(child, kindergarten)).status_code == 401
        )
        assert not Enrolment.objects.exists()


class TestRead:
    def test_it_shows_the_enrolment(self, admin_api: ApiClient, enrolment: Enrolment) -> None:
        body = admin_api.get(f"/enrolments/{enrolment.pk}").json()

        assert (body["starts_on"], body["ends_on"]) == ("2024-08-01", None)

    def test_an_outsider_gets_the_same_404_as_for_a_missing_enrolment(
        self, outsider_api: ApiClient, admin_api: ApiClient, enrolment: Enrolment
    ) -> None:
        denied = outsider_api.get(f"/enrolments/{enrolment.pk}")
        missing = admin_api.get(f"/enrolments/{enrolment.pk + 1000}")

        assert denied.status_code == missing.status_code == 404
        assert (
            denied.json() == missing.json() == {"detail": "Fant ikke innskrivingen.", "errors": {}}
        )

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, enrolment: Enrolment) -> None:
        assert stranger_api.get(f"/enrolments/{enrolment.pk}").status_code == 401


class TestUpdate:
    def test_it_sets_and_clears_the_end_date(
        self, admin_api: ApiClient, enrolment: Enrolment
    ) -> None:
        response = admin_api.patch(f"/enrolments/{enrolment.pk}", {"ends_on": "2025-06-20"})
        assert response.status_code == 200
        enrolment.refresh_from_db()
        assert enrolment.ends_on == datetime.date(2025, 6, 20)

        admin_api.patch(f"/enrolments/{enrolment.pk}", {"ends_on": None})
        enrolment.refresh_from_db()
        assert enrolment.ends_on is None

    def test_it_refuses_an_end_before_the_start_and_changes_nothing(
        self, admin_api: ApiClient, enrolment: Enrolment
    ) -> None:
        response = admin_api.patch(
            f"/enrolments/{enrolment.pk}", {"starts_on": "2024-09-01", "ends_on": "2024-08-15"}
        )

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "ends_on": [nb("The end date cannot be before the start date.")]
        }
        enrolment.refresh_from_db()
        assert (enrolment.starts_on, enrolment.ends_on) == (AUGUST, None)

    def test_the_child_cannot_be_changed(self, admin_api: ApiClient, enrolment: Enrolment) -> None:
        response = admin_api.patch(f"/enrolments/{enrolment.pk}", {"child": 1})

        assert response.json()["errors"] == {"child": ["Ukjent felt."]}

    def test_an_outsider_gets_404_and_nothing_changes(
        self, outsider_api: ApiClient, enrolment: Enrolment
    ) -> None:
        response = outsider_api.patch(f"/enrolments/{enrolment.pk}", {"ends_on": "2025-06-20"})

        assert response.status_code == 404
        enrolment.refresh_from_db()
        assert enrolment.ends_on is None

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, enrolment: Enrolment) -> None:
        response = stranger_api.patch(f"/enrolments/{enrolment.pk}", {"ends_on": "2025-06-20"})

        assert response.status_code == 401
        enrolment.refresh_from_db()
        assert enrolment.ends_on is None
