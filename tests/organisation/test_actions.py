"""The unit and employee domain functions the API calls, without HTTP.

(They belong in tests/organisation/ with the rest of that app's tests; they
live here until that folder exists.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rodtrad.accounts.models import User
from rodtrad.organisation.actions import (
    MembershipSpec,
    do_create_employee,
    do_create_unit,
    do_update_employee,
    do_update_unit,
)
from rodtrad.organisation.models import Membership, Municipality, Role, Unit, UnitKind
from rodtrad.policy import NotFound
from tests.conftest import nb


class TestUnits:
    def test_it_creates_a_unit_serving_a_neighbour(
        self, admin_user: User, municipality: Municipality, other_municipality: Municipality
    ) -> None:
        unit = do_create_unit(
            admin_user,
            municipality=municipality,
            kind=UnitKind.CHILD_WELFARE,
            name="Barnevernet Melhus og Skaun",
            serves=[other_municipality],
        )

        assert unit.served_municipality_ids() == {municipality.pk, other_municipality.pk}

    def test_it_refuses_an_actor_who_does_not_administer_the_municipality(
        self, employee: User, municipality: Municipality
    ) -> None:
        with pytest.raises(NotFound):
            do_create_unit(employee, municipality=municipality, kind=UnitKind.SCHOOL, name="Ny")

        assert not Unit.objects.filter(name="Ny").exists()

    def test_it_refuses_a_parent_of_another_municipality(
        self, admin_user: User, municipality: Municipality, other_kindergarten: Unit
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            do_create_unit(
                admin_user,
                municipality=municipality,
                kind=UnitKind.KINDERGARTEN,
                name="Avdeling",
                parent=other_kindergarten,
            )

        assert caught.value.message_dict == {
            "parent": [nb("The parent unit must belong to the same municipality.")]
        }

    def test_it_refuses_a_unit_as_its_own_parent(
        self, admin_user: User, kindergarten: Unit
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            do_update_unit(kindergarten, actor=admin_user, parent=kindergarten)

        assert list(caught.value.message_dict) == ["parent"]
        kindergarten.refresh_from_db()
        assert kindergarten.parent is None

    def test_a_renamed_unit_may_keep_its_own_name(
        self, admin_user: User, kindergarten: Unit
    ) -> None:
        do_update_unit(kindergarten, actor=admin_user, name=kindergarten.name)

        assert Unit.objects.filter(name=kindergarten.name).count() == 1


class TestEmployees:
    def test_it_creates_an_employee_with_memberships_and_no_password(
        self, admin_user: User, kindergarten: Unit
    ) -> None:
        employee = do_create_employee(
            admin_user,
            username="lise",
            first_name="Lise",
            memberships=[MembershipSpec(unit=kindergarten, role=Role.LEADER)],
        )

        assert not employee.has_usable_password()
        assert list(employee.memberships.values_list("unit", "role")) == [
            (kindergarten.pk, Role.LEADER)
        ]

    def test_it_refuses_the_same_unit_twice(self, admin_user: User, kindergarten: Unit) -> None:
        with pytest.raises(ValidationError) as caught:
            do_create_employee(
                admin_user,
                username="lise",
                memberships=[MembershipSpec(unit=kindergarten), MembershipSpec(unit=kindergarten)],
            )

        assert caught.value.message_dict == {
            "memberships": [nb("The same unit is listed more than once.")]
        }
        assert not User.objects.filter(username="lise").exists()

    def test_it_refuses_a_unit_the_actor_does_not_administer(
        self, admin_user: User, other_kindergarten: Unit
    ) -> None:
        with pytest.raises(NotFound):
            do_create_employee(
                admin_user, username="lise", memberships=[MembershipSpec(unit=other_kindergarten)]
            )

        assert not User.objects.filter(username="lise").exists()

    def test_an_update_keeps_the_memberships_in_other_municipalities(
        self,
        admin_user: User,
        employee: User,
        kindergarten: Unit,
        other_kindergarten: Unit,
    ) -> None:
        elsewhere = Membership.objects.create(user=employee, unit=other_kindergarten)

        do_update_employee(
            employee,
            actor=admin_user,
            memberships=[MembershipSpec(unit=kindergarten, role=Role.LEADER)],
        )

        assert set(employee.memberships.values_list("unit", "role")) == {
            (kindergarten.pk, Role.LEADER),
            (other_kindergarten.pk, elsewhere.role),
        }

    def test_an_outsider_cannot_update_an_employee(self, other_admin: User, employee: User) -> None:
        with pytest.raises(NotFound):
            do_update_employee(employee, actor=other_admin, first_name="Ukjent")

        employee.refresh_from_db()
        assert employee.first_name == "Kari"
