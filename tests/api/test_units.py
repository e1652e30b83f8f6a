"""/api/v1/units."""

from __future__ import annotations

from pytest_django import DjangoAssertNumQueries

from rodtrad.organisation.models import ConfidentialityLaw, Municipality, Unit, UnitKind
from tests.api.conftest import ApiClient
from tests.conftest import nb

INVALID = "Forespørselen inneholder feil. Ingenting ble lagret."


def new_unit(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {"municipality": "5028", "kind": "school", "name": "Gimse skole"}
    body.update(fields)
    return body


class TestList:
    def test_it_lists_the_municipalitys_units_by_name(
        self, admin_api: ApiClient, kindergarten: Unit, other_kindergarten: Unit
    ) -> None:
        school = Unit.objects.create(
            municipality=kindergarten.municipality, kind=UnitKind.SCHOOL, name="Gimse skole"
        )
        school.serves.add(other_kindergarten.municipality)

        body = admin_api.get("/units").json()

        assert body["count"] == 2
        assert body["items"] == [
            {
                "id": school.pk,
                "municipality": "5028",
                "kind": "school",
                "name": "Gimse skole",
                "serves": ["5029"],
                "parent": None,
                "confidentiality_law": "forvaltningsloven",
            },
            {
                "id": kindergarten.pk,
                "municipality": "5028",
                "kind": "kindergarten",
                "name": "Solsikken barnehage",
                "serves": [],
                "parent": None,
                "confidentiality_law": "forvaltningsloven",
            },
        ]

    def test_it_answers_in_a_fixed_number_of_queries(
        self,
        admin_api: ApiClient,
        municipality: Municipality,
        other_municipality: Municipality,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for number in range(10):
            unit = Unit.objects.create(
                municipality=municipality, kind=UnitKind.SCHOOL, name=f"Skole {number}"
            )
            unit.serves.add(other_municipality)

        # token, administered municipalities, count, page, municipalities served
        with django_assert_max_num_queries(5):
            response = admin_api.get("/units")

        assert len(response.json()["items"]) == 11  # and the admin's kindergarten

    def test_an_outsider_gets_an_empty_list(
        self, outsider_api: ApiClient, kindergarten: Unit, other_kindergarten: Unit
    ) -> None:
        # The employee's own kindergarten included: they do not administer it.
        items = outsider_api.get("/units").json()["items"]

        assert kindergarten.pk not in [item["id"] for item in items]

    def test_a_stranger_gets_401(self, stranger_api: ApiClient) -> None:
        assert stranger_api.get("/units").status_code == 401


class TestCreate:
    def test_it_answers_201_with_the_new_unit(
        self, admin_api: ApiClient, kindergarten: Unit, other_municipality: Municipality
    ) -> None:
        response = admin_api.post(
            "/units",
            new_unit(
                serves=["5029"],
                parent=kindergarten.pk,
                confidentiality_law="opplaeringslova",
            ),
        )

        assert response.status_code == 201
        unit = Unit.objects.get(name="Gimse skole")
        assert response.json()["id"] == unit.pk
        assert response.json()["serves"] == ["5029"]
        assert unit.parent == kindergarten
        assert unit.confidentiality_law == ConfidentialityLaw.EDUCATION
        assert list(unit.serves.all()) == [other_municipality]

    def test_it_refuses_a_name_taken_in_the_municipality(
        self, admin_api: ApiClient, kindergarten: Unit
    ) -> None:
        response = admin_api.post("/units", new_unit(name=kindergarten.name))

        assert response.status_code == 422
        assert response.json() == {
            "detail": INVALID,
            "errors": {"name": [nb("A unit with this name already exists in the municipality.")]},
        }
        assert Unit.objects.count() == 1

    def test_it_refuses_an_empty_name_and_an_unknown_kind(
        self, admin_api: ApiClient, municipality: Municipality
    ) -> None:
        response = admin_api.post("/units", new_unit(name="", kind="castle"))

        assert response.status_code == 422
        # The schema is checked first; the empty name would be the model's to refuse.
        assert response.json()["errors"] == {"kind": ["Velg en av de tillatte verdiene."]}
        response = admin_api.post("/units", new_unit(name=""))
        assert response.json()["errors"] == {"name": ["Feltet kan ikke være blankt."]}
        assert Unit.objects.count() == 1  # the admin's kindergarten

    def test_it_refuses_an_unknown_served_municipality(
        self, admin_api: ApiClient, municipality: Municipality
    ) -> None:
        response = admin_api.post("/units", new_unit(serves=["9999"]))

        assert response.status_code == 422
        assert response.json()["errors"] == {"serves": ["Fant ikke kommunen."]}
        assert not Unit.objects.filter(name="Gimse skole").exists()

    def test_a_parent_in_another_municipality_is_not_found(
        self, admin_api: ApiClient, municipality: Municipality, other_kindergarten: Unit
    ) -> None:
        response = admin_api.post("/units", new_unit(parent=other_kindergarten.pk))

        assert response.status_code == 422
        assert response.json()["errors"] == {"parent": ["Fant ikke enheten."]}

    def test_an_outsider_gets_municipality_not_found(
        self, outsider_api: ApiClient, municipality: Municipality
    ) -> None:
        response = outsider_api.post("/units", new_unit())

        assert response.status_code == 422
        assert response.json()["errors"] == {"municipality": ["Fant ikke kommunen."]}
        assert not Unit.objects.filter(name="Gimse skole").exists()

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, municipality: Municipality) -> None:
        assert stranger_api.post("/units", new_unit()).status_code == 401
        assert not Unit.objects.exists()


class TestRead:
    def test_it_shows_the_unit(self, admin_api: ApiClient, kindergarten: Unit) -> None:
        response = admin_api.get(f"/units/{kindergarten.pk}")

        assert response.status_code == 200
        assert response.json()["name"] == "Solsikken barnehage"

    def test_an_outsider_gets_the_same_404_as_for_a_missing_unit(
        self, outsider_api: ApiClient, admin_api: ApiClient, kindergarten: Unit
    ) -> None:
        denied = outsider_api.get(f"/units/{kindergarten.pk}")
        missing = admin_api.get(f"/units/{kindergarten.pk + 1000}")

        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json() == {"detail": "Fant ikke enheten.", "errors": {}}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, kindergarten: Unit) -> None:
        assert stranger_api.get(f"/units/{kindergarten.pk}").status_code == 401


class TestUpdate:
    def test_it_changes_the_fields_sent(
        self, admin_api: ApiClient, kindergarten: Unit, other_municipality: Municipality
    ) -> None:
        response = admin_api.patch(
            f"/units/{kindergarten.pk}", {"name": "Solsikken", "serves": ["5029"]}
        )

        assert response.status_code == 200
        kindergarten.refresh_from_db()
        assert kindergarten.name == "Solsikken"
        assert kindergarten.kind == UnitKind.KINDERGARTEN
        assert list(kindergarten.serves.all()) == [other_municipality]

    def test_it_refuses_to_place_a_unit_under_its_own_sub_unit(
        self, admin_api: ApiClient, kindergarten: Unit
    ) -> None:
        department = Unit.objects.create(
            municipality=kindergarten.municipality,
            kind=UnitKind.KINDERGARTEN,
            name="Avdeling Blå",
            parent=kindergarten,
        )

        response = admin_api.patch(f"/units/{kindergarten.pk}", {"parent": department.pk})

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "parent": [nb("A unit cannot be placed under itself or one of its own sub-units.")]
        }
        kindergarten.refresh_from_db()
        assert kindergarten.parent is None

    def test_null_removes_the_parent(self, admin_api: ApiClient, kindergarten: Unit) -> None:
        department = Unit.objects.create(
            municipality=kindergarten.municipality,
            kind=UnitKind.KINDERGARTEN,
            name="Avdeling Blå",
            parent=kindergarten,
        )

        response = admin_api.patch(f"/units/{department.pk}", {"parent": None})

        assert response.json()["parent"] is None
        department.refresh_from_db()
        assert department.parent is None

    def test_an_outsider_gets_404_and_nothing_changes(
        self, outsider_api: ApiClient, kindergarten: Unit
    ) -> None:
        response = outsider_api.patch(f"/units/{kindergarten.pk}", {"name": "Overtatt"})

        assert response.status_code == 404
        kindergarten.refresh_from_db()
        assert kindergarten.name == "Solsikken barnehage"

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, kindergarten: Unit) -> None:
        assert stranger_api.patch(f"/units/{kindergarten.pk}", {"name": "X"}).status_code == 401
        kindergarten.refresh_from_db()
        assert kindergarten.name == "Solsikken barnehage"
