"""/api/v1/employees."""

from __future__ import annotations

from pytest_django import DjangoAssertNumQueries

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Membership, Role, Unit, UnitKind
from tests.api.conftest import ApiClient
from tests.conftest import make_user, nb


def new_employee(unit: Unit, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "username": "lise",
        "first_name": "Lise",
        "last_name": "Moe",
        "email": "lise@melhus.example",
        "memberships": [{"unit": unit.pk, "role": "leader"}],
    }
    body.update(fields)
    return body


class TestList:
    def test_it_lists_the_municipalitys_employees_by_name(
        self, admin_api: ApiClient, admin_user: User, employee: User, other_admin: User
    ) -> None:
        body = admin_api.get("/employees").json()

        assert body["count"] == 2
        # "Admin Testesen", "Kari Testesen"
        assert [item["id"] for item in body["items"]] == [admin_user.pk, employee.pk]
        assert body["items"][1] == {
            "id": employee.pk,
            "username": "kari",
            "first_name": "Kari",
            "last_name": "Testesen",
            "email": "",
            "is_active": True,
            "memberships": [{"unit": employee.memberships.get().unit_id, "role": "employee"}],
        }

    def test_it_shows_only_the_memberships_in_the_actors_municipalities(
        self, admin_api: ApiClient, employee: User, kindergarten: Unit, other_kindergarten: Unit
    ) -> None:
        Membership.objects.create(user=employee, unit=other_kindergarten)

        item = admin_api.get(f"/employees/{employee.pk}").json()

        assert [m["unit"] for m in item["memberships"]] == [kindergarten.pk]

    def test_it_answers_in_a_fixed_number_of_queries(
        self,
        admin_api: ApiClient,
        kindergarten: Unit,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        for number in range(10):
            make_user(f"ansatt{number}", kindergarten)

        # token, administered municipalities, count, page, memberships
        with django_assert_max_num_queries(5):
            response = admin_api.get("/employees")

        assert len(response.json()["items"]) == 11

    def test_another_municipalitys_administrator_sees_only_their_own(
        self, other_admin_api: ApiClient, other_admin: User, employee: User
    ) -> None:
        items = other_admin_api.get("/employees").json()["items"]

        assert [item["id"] for item in items] == [other_admin.pk]

    def test_a_plain_employee_gets_an_empty_list(self, employee_api: ApiClient) -> None:
        assert employee_api.get("/employees").json() == {"items": [], "count": 0}

    def test_a_stranger_gets_401(self, stranger_api: ApiClient) -> None:
        assert stranger_api.get("/employees").status_code == 401


class TestCreate:
    def test_it_answers_201_with_the_new_employee(
        self, admin_api: ApiClient, kindergarten: Unit
    ) -> None:
        response = admin_api.post("/employees", new_employee(kindergarten))

        assert response.status_code == 201
        lise = User.objects.get(username="lise")
        assert response.json()["id"] == lise.pk
        assert response.json()["memberships"] == [{"unit": kindergarten.pk, "role": "leader"}]
        assert not lise.has_usable_password()
        assert lise.memberships.get().role == Role.LEADER

    def test_it_refuses_an_employee_without_units(
        self, admin_api: ApiClient, kindergarten: Unit
    ) -> None:
        response = admin_api.post("/employees", new_employee(kindergarten, memberships=[]))

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "memberships": [nb("An employee must belong to at least one unit.")]
        }
        assert not User.objects.filter(username="lise").exists()

    def test_it_refuses_a_username_taken(
        self, admin_api: ApiClient, kindergarten: Unit, employee: User
    ) -> None:
        response = admin_api.post("/employees", new_employee(kindergarten, username="kari"))

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "username": ["Det eksisterer allerede en bruker med dette brukernavnet."]
        }

    def test_it_refuses_a_wrong_email_and_an_unknown_role(
        self, admin_api: ApiClient, kindergarten: Unit
    ) -> None:
        response = admin_api.post(
            "/employees",
            new_employee(kindergarten, memberships=[{"unit": kindergarten.pk, "role": "king"}]),
        )
        assert response.json()["errors"] == {
            "memberships.0.role": ["Velg en av de tillatte verdiene."]
        }

        response = admin_api.post("/employees", new_employee(kindergarten, email="ikke-epost"))
        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["email"]
        assert not User.objects.filter(username="lise").exists()

    def test_a_unit_of_another_municipality_is_not_found(
        self, admin_api: ApiClient, other_kindergarten: Unit
    ) -> None:
        response = admin_api.post("/employees", new_employee(other_kindergarten))

        assert response.status_code == 422
        assert response.json()["errors"] == {"memberships": ["Fant ikke enheten."]}
        assert not User.objects.filter(username="lise").exists()

    def test_an_outsider_cannot_create_an_employee_in_our_unit(
        self, outsider_api: ApiClient, kindergarten: Unit
    ) -> None:
        response = outsider_api.post("/employees", new_employee(kindergarten))

        assert response.status_code == 422
        assert response.json()["errors"] == {"memberships": ["Fant ikke enheten."]}
        assert not User.objects.filter(username="lise").exists()

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, kindergarten: Unit) -> None:
        assert stranger_api.post("/employees", new_employee(kindergarten)).status_code == 401
        assert not User.objects.filter(username="lise").exists()


class TestRead:
    def test_it_shows_the_employee(self, admin_api: ApiClient, employee: User) -> None:
        response = admin_api.get(f"/employees/{employee.pk}")

        assert response.status_code == 200
        assert response.json()["username"] == "kari"

    def test_an_outsider_gets_the_same_404_as_for_a_missing_employee(
        self, other_admin_api: ApiClient, admin_api: ApiClient, employee: User
    ) -> None:
        denied = other_admin_api.get(f"/employees/{employee.pk}")
        missing = admin_api.get(f"/employees/{employee.pk + 1000}")

        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json() == {"detail": "Fant ikke den ansatte.", "errors": {}}

    def test_a_plain_employee_cannot_read_even_themself(
        self, employee_api: ApiClient, employee: User
    ) -> None:
        assert employee_api.get(f"/employees/{employee.pk}").status_code == 404

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, employee: User) -> None:
        assert stranger_api.get(f"/employees/{employee.pk}").status_code == 401


class TestUpdate:
    def test_it_changes_the_account_and_the_memberships(
        self, admin_api: ApiClient, employee: User, kindergarten: Unit
    ) -> None:
        school = Unit.objects.create(
            municipality=kindergarten.municipality, kind=UnitKind.SCHOOL, name="Gimse skole"
        )

        response = admin_api.patch(
            f"/employees/{employee.pk}",
            {
                "last_name": "Nordmann",
                "is_active": False,
                "memberships": [{"unit": school.pk, "role": "administrator"}],
            },
        )

        assert response.status_code == 200
        employee.refresh_from_db()
        assert (employee.last_name, employee.is_active) == ("Nordmann", False)
        assert list(employee.memberships.values_list("unit", "role")) == [
            (school.pk, Role.ADMINISTRATOR)
        ]

    def test_memberships_elsewhere_stay_and_the_account_stays_theirs(
        self, admin_api: ApiClient, employee: User, other_kindergarten: Unit
    ) -> None:
        elsewhere = Membership.objects.create(user=employee, unit=other_kindergarten)

        response = admin_api.patch(f"/employees/{employee.pk}", {"memberships": []})

        assert response.status_code == 200
        assert response.json()["memberships"] == []
        assert list(employee.memberships.all()) == [elsewhere]
        # Gone from our units, gone from our register.
        assert admin_api.get(f"/employees/{employee.pk}").status_code == 404

    def test_the_account_of_someone_working_elsewhere_too_is_not_ours_to_change(
        self, admin_api: ApiClient, employee: User, other_kindergarten: Unit
    ) -> None:
        Membership.objects.create(user=employee, unit=other_kindergarten)

        response = admin_api.patch(f"/employees/{employee.pk}", {"is_active": False})

        assert response.status_code == 422
        assert response.json()["errors"] == {
            "__all__": [
                nb(
                    "The employee also works for another municipality, so only the memberships "
                    "in your municipality can be changed here."
                )
            ]
        }
        employee.refresh_from_db()
        assert employee.is_active

    def test_it_refuses_to_leave_an_employee_without_units(
        self, admin_api: ApiClient, employee: User
    ) -> None:
        response = admin_api.patch(f"/employees/{employee.pk}", {"memberships": []})

        assert response.status_code == 422
        assert employee.memberships.count() == 1

    def test_an_outsider_gets_404_and_nothing_changes(
        self, outsider_api: ApiClient, admin_user: User
    ) -> None:
        response = outsider_api.patch(f"/employees/{admin_user.pk}", {"is_active": False})

        assert response.status_code == 404
        admin_user.refresh_from_db()
        assert admin_user.is_active

    def test_a_stranger_gets_401(self, stranger_api: ApiClient, employee: User) -> None:
        assert (
            stranger_api.patch(f"/employees/{employee.pk}", {"is_active": False}).status_code == 401
        )
        employee.refresh_from_db()
        assert employee.is_active
