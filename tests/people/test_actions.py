"""The register's domain functions, without HTTP: they ask the policy, validate
with the models' Norwegian messages, and save all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.people.actions import (
    GuardianshipSpec,
    do_create_child,
    do_create_enrolment,
    do_create_family,
    do_create_guardian,
    do_update_child,
    do_update_enrolment,
    do_update_family,
    do_update_guardian,
)
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship, Relation
from rodtrad.policy import NotFound
from tests.conftest import nb, valid_birth_number

NEW_NUMBER = valid_birth_number(1, 2, 2020)


@pytest.fixture(autouse=True)
def _norwegian() -> Iterator[None]:
    with translation.override("nb"):
        yield


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def create_child(actor: User, municipality: Municipality, **fields: str) -> Child:
    values = {"identity_number": NEW_NUMBER, "given_name": "Nora", "family_name": "Berg"}
    values.update(fields)
    return do_create_child(actor, municipality=municipality, **values)


def make_guardian(municipality: Municipality, given_name: str = "Anne") -> Guardian:
    return Guardian.objects.create(
        municipality=municipality, given_name=given_name, family_name="Berg"
    )


class TestCreateChild:
    def test_it_registers_a_child_with_the_birth_date_from_the_number(
        self, admin_user: User, municipality: Municipality
    ) -> None:
        child = create_child(admin_user, municipality)

        child.refresh_from_db()
        assert child.identity_number == NEW_NUMBER
        assert child.birth_date == datetime.date(2020, 2, 1)
        assert child.municipality == municipality

    def test_it_stores_the_number_compact(
        self, admin_user: User, municipality: Municipality
    ) -> None:
        child = create_child(
            admin_user, municipality, identity_number=f"{NEW_NUMBER[:6]} {NEW_NUMBER[6:]}"
        )

        assert Child.objects.get(pk=child.pk).identity_number == NEW_NUMBER

    @pytest.mark.parametrize("actor", ["other_admin", "employee"])
    def test_it_refuses_an_actor_who_does_not_administer_the_municipality(
        self, actor: str, municipality: Municipality, request: pytest.FixtureRequest
    ) -> None:
        with pytest.raises(NotFound) as caught:
            create_child(request.getfixturevalue(actor), municipality)

        assert caught.value.model is Municipality
        assert not Child.objects.exists()

    @pytest.mark.parametrize(
        ("number", "msgid"),
        [
            ("1234", "An identity number has exactly 11 digits."),
            ("", "This field cannot be blank."),
            (
                NEW_NUMBER[:-1] + str((int(NEW_NUMBER[-1]) + 1) % 10),
                "The identity number is not valid: the check digits do not match.",
            ),
        ],
    )
    def test_it_refuses_a_wrong_identity_number_with_one_norwegian_message(
        self, admin_user: User, municipality: Municipality, number: str, msgid: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            create_child(admin_user, municipality, identity_number=number)

        assert messages(caught.value) == {"identity_number": [nb(msgid)]}
        assert not Child.objects.exists()

    def test_it_refuses_a_number_already_registered(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            create_child(admin_user, municipality, identity_number=child.identity_number or "")

        assert messages(caught.value) == {
            "identity_number": [nb("A child with this identity number is already registered.")]
        }
        assert (child.identity_number or "-") not in str(caught.value)
        assert Child.objects.count() == 1

    def test_it_refuses_empty_names(self, admin_user: User, municipality: Municipality) -> None:
        with pytest.raises(ValidationError) as caught:
            create_child(admin_user, municipality, given_name="", family_name="")

        assert messages(caught.value) == {
            "given_name": ["Feltet kan ikke være blankt."],
            "family_name": ["Feltet kan ikke være blankt."],
        }
        assert not Child.objects.exists()


class TestUpdateChild:
    def test_it_changes_the_names(self, admin_user: User, child: Child) -> None:
        do_update_child(child, actor=admin_user, given_name="Emilie")

        assert Child.objects.get(pk=child.pk).given_name == "Emilie"

    def test_a_corrected_number_corrects_the_birth_date(
        self, admin_user: User, child: Child
    ) -> None:
        do_update_child(child, actor=admin_user, identity_number=NEW_NUMBER)

        child.refresh_from_db()
        assert (child.identity_number, child.birth_date) == (NEW_NUMBER, datetime.date(2020, 2, 1))

    def test_it_saves_nothing_when_a_change_is_wrong(self, admin_user: User, child: Child) -> None:
        with pytest.raises(ValidationError):
            do_update_child(child, actor=admin_user, given_name="Emilie", identity_number="123")

        child.refresh_from_db()
        assert child.given_name == "Emil"

    def test_it_refuses_another_municipalitys_administrator(
        self, other_admin: User, child: Child
    ) -> None:
        with pytest.raises(NotFound):
            do_update_child(child, actor=other_admin, given_name="Emilie")

        assert Child.objects.get(pk=child.pk).given_name == "Emil"


class TestGuardians:
    def test_it_registers_a_guardian_with_guardianships(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        guardian = do_create_guardian(
            admin_user,
            municipality=municipality,
            given_name="Anne",
            family_name="Hansen",
            guardianships=[GuardianshipSpec(child=child, relation=Relation.MOTHER)],
        )

        guardianship = Guardianship.objects.get(guardian=guardian)
        assert (guardianship.child, guardianship.relation) == (child, Relation.MOTHER)
        assert guardianship.parental_responsibility
        assert guardian.identity_number is None

    def test_guardians_without_identity_numbers_do_not_collide(
        self, admin_user: User, municipality: Municipality
    ) -> None:
        for name in ["Anne", "Per"]:
            do_create_guardian(
                admin_user,
                municipality=municipality,
                given_name=name,
                family_name="Berg",
                identity_number="",
            )

        assert list(Guardian.objects.values_list("identity_number", flat=True)) == [None, None]

    def test_it_refuses_a_child_of_another_municipality(
        self, admin_user: User, municipality: Municipality, other_municipality: Municipality
    ) -> None:
        # The actor administers both, but a guardian belongs to one register.
        other_child = Child.objects.create(
            municipality=other_municipality,
            identity_number=NEW_NUMBER,
            given_name="Ola",
            family_name="Lie",
            birth_date=datetime.date(2020, 2, 1),
        )
        with pytest.raises(ValidationError) as caught:
            do_create_guardian(
                admin_user,
                municipality=municipality,
                given_name="Anne",
                family_name="Lie",
                guardianships=[GuardianshipSpec(child=other_child, relation=Relation.MOTHER)],
            )

        assert messages(caught.value) == {
            "guardianships": [nb("The child is registered in another municipality.")]
        }
        assert not Guardian.objects.exists()

    def test_it_refuses_the_same_child_twice(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            do_create_guardian(
                admin_user,
                municipality=municipality,
                given_name="Anne",
                family_name="Hansen",
                guardianships=[
                    GuardianshipSpec(child=child, relation=Relation.MOTHER),
                    GuardianshipSpec(child=child, relation=Relation.FATHER),
                ],
            )

        assert messages(caught.value) == {
            "guardianships": [nb("The same child is listed more than once.")]
        }
        assert not Guardian.objects.exists()

    def test_an_update_replaces_the_guardianships(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        guardian = make_guardian(municipality)
        Guardianship.objects.create(guardian=guardian, child=child, relation=Relation.MOTHER)
        sibling = create_child(admin_user, municipality)

        do_update_guardian(
            guardian,
            actor=admin_user,
            phone="99 99 99 99",
            guardianships=[GuardianshipSpec(child=sibling, relation=Relation.FOSTER_PARENT)],
        )

        assert list(guardian.guardianships.values_list("child", "relation")) == [
            (sibling.pk, Relation.FOSTER_PARENT)
        ]
        assert Guardian.objects.get(pk=guardian.pk).phone == "99 99 99 99"

    def test_a_duplicate_identity_number_is_refused(
        self, admin_user: User, municipality: Municipality
    ) -> None:
        do_create_guardian(
            admin_user,
            municipality=municipality,
            given_name="Anne",
            family_name="Berg",
            identity_number=valid_birth_number(3, 4, 1985),
        )
        with pytest.raises(ValidationError) as caught:
            do_create_guardian(
                admin_user,
                municipality=municipality,
                given_name="Per",
                family_name="Berg",
                identity_number=valid_birth_number(3, 4, 1985),
            )

        assert messages(caught.value) == {
            "identity_number": [nb("A person with this identity number is already registered.")]
        }
        assert Guardian.objects.count() == 1


class TestFamilies:
    def test_it_registers_a_household(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        adult = make_guardian(municipality)

        family = do_create_family(
            admin_user, municipality=municipality, name="Hansen", children=[child], adults=[adult]
        )

        assert list(family.children.all()) == [child]
        assert list(family.adults.all()) == [adult]

    def test_it_refuses_people_of_another_municipality(
        self,
        admin_user: User,
        municipality: Municipality,
        other_municipality: Municipality,
        child: Child,
    ) -> None:
        stranger = make_guardian(other_municipality)
        with pytest.raises(ValidationError) as caught:
            do_create_family(
                admin_user,
                municipality=municipality,
                name="Hansen",
                children=[child],
                adults=[stranger],
            )

        assert messages(caught.value) == {
            "adults": [nb("The adult is registered in another municipality.")]
        }
        assert not Family.objects.exists()

    def test_an_update_replaces_the_lists_given_and_keeps_the_others(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        adult = make_guardian(municipality)
        family = do_create_family(
            admin_user, municipality=municipality, name="Hansen", children=[child], adults=[adult]
        )

        do_update_family(family, actor=admin_user, name="Hansen/Berg", children=[])

        family.refresh_from_db()
        assert family.name == "Hansen/Berg"
        assert list(family.children.all()) == []
        assert list(family.adults.all()) == [adult]

    def test_it_refuses_an_empty_name(self, admin_user: User, municipality: Municipality) -> None:
        with pytest.raises(ValidationError) as caught:
            do_create_family(admin_user, municipality=municipality, name="")

        assert messages(caught.value) == {"name": ["Feltet kan ikke være blankt."]}


class TestEnrolments:
    def test_it_enrols_a_child(self, admin_user: User, child: Child, kindergarten: Unit) -> None:
        enrolment = do_create_enrolment(
            admin_user, child=child, unit=kindergarten, starts_on=datetime.date(2024, 8, 1)
        )

        enrolment.refresh_from_db()
        assert enrolment.municipality_id == child.municipality_id
        assert enrolment.ends_on is None

    def test_it_refuses_an_end_before_the_start(
        self, admin_user: User, child: Child, kindergarten: Unit
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            do_create_enrolment(
                admin_user,
                child=child,
                unit=kindergarten,
                starts_on=datetime.date(2024, 8, 1),
                ends_on=datetime.date(2024, 7, 31),
            )

        assert messages(caught.value) == {
            "ends_on": [nb("The end date cannot be before the start date.")]
        }
        assert not Enrolment.objects.exists()

    def test_it_refuses_a_unit_that_is_not_a_kindergarten_or_school(
        self, admin_user: User, child: Child, municipality: Municipality
    ) -> None:
        health_station = Unit.objects.create(
            municipality=municipality, kind=UnitKind.HEALTH_STATION, name="Helsestasjonen"
        )
        with pytest.raises(ValidationError) as caught:
            do_create_enrolment(
                admin_user, child=child, unit=health_station, starts_on=datetime.date(2024, 8, 1)
            )

        assert messages(caught.value) == {
            "unit": [nb("Children can only be enrolled in a kindergarten or a school.")]
        }

    def test_it_refuses_a_unit_that_does_not_serve_the_childs_municipality(
        self, admin_user: User, child: Child, other_kindergarten: Unit
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            do_create_enrolment(
                admin_user,
                child=child,
                unit=other_kindergarten,
                starts_on=datetime.date(2024, 8, 1),
            )

        assert messages(caught.value) == {
            "unit": [nb("The unit does not serve the child's municipality.")]
        }

    def test_it_accepts_a_neighbours_unit_that_serves_the_municipality(
        self, admin_user: User, child: Child, other_kindergarten: Unit, municipality: Municipality
    ) -> None:
        other_kindergarten.serves.add(municipality)

        enrolment = do_create_enrolment(
            admin_user, child=child, unit=other_kindergarten, starts_on=datetime.date(2024, 8, 1)
        )

        assert enrolment.unit == other_kindergarten

    def test_an_update_refuses_an_end_before_the_start_and_saves_nothing(
        self, admin_user: User, child: Child, kindergarten: Unit
    ) -> None:
        enrolment = do_create_enrolment(
            admin_user, child=child, unit=kindergarten, starts_on=datetime.date(2024, 8, 1)
        )
        with pytest.raises(ValidationError):
            do_update_enrolment(enrolment, actor=admin_user, ends_on=datetime.date(2024, 1, 1))

        assert Enrolment.objects.get(pk=enrolment.pk).ends_on is None

    def test_it_refuses_another_municipalitys_administrator(
        self, other_admin: User, child: Child, kindergarten: Unit
    ) -> None:
        with pytest.raises(NotFound):
            do_create_enrolment(
                other_admin, child=child, unit=kindergarten, starts_on=datetime.date(2024, 8, 1)
            )

        assert not Enrolment.objects.exists()


class TestAudit:
    def test_a_registration_is_audited_in_the_same_transaction(
        self, admin_user: User, municipality: Municipality
    ) -> None:
        child = create_child(admin_user, municipality)

        event = AuditEvent.objects.get()
        assert (event.action, event.actor_id, event.child_id, event.municipality_id) == (
            "child.created",
            admin_user.pk,
            child.pk,
            municipality.pk,
        )

    def test_a_refused_registration_leaves_no_event(
        self, admin_user: User, municipality: Municipality
    ) -> None:
        with pytest.raises(ValidationError):
            create_child(admin_user, municipality, identity_number="1")

        assert not AuditEvent.objects.exists()

    def test_an_update_records_old_and_new_of_what_changed_with_numbers_masked(
        self, admin_user: User, child: Child
    ) -> None:
        old_number = child.identity_number or "-"

        do_update_child(child, actor=admin_user, given_name="Emilie", identity_number=NEW_NUMBER)

        event = AuditEvent.objects.get(action="child.updated")
        assert event.changes == {
            "given_name": ["Emil", "Emilie"],
            "identity_number": ["140321 *****", "010220 *****"],
            "birth_date": ["2021-03-14", "2020-02-01"],
        }
        assert old_number not in str(event.changes)
        assert NEW_NUMBER not in str(event.changes)

    def test_a_list_change_is_recorded_as_ids(
        self, admin_user: User, municipality: Municipality, child: Child
    ) -> None:
        family = do_create_family(admin_user, municipality=municipality, name="Hansen")

        do_update_family(family, actor=admin_user, children=[child])

        assert AuditEvent.objects.get(action="family.updated").changes == {
            "children": [[], [child.pk]]
        }
