"""Model rules for the registers, without HTTP."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment
from tests.conftest import valid_birth_number


def new_child(municipality: Municipality, identity_number: str, **fields: str) -> Child:
    child = Child(
        municipality=municipality,
        identity_number=identity_number,
        given_name=fields.get("given_name", "Sara"),
        family_name=fields.get("family_name", "Berg"),
    )
    return child


def test_it_derives_the_birth_date_from_the_identity_number(municipality: Municipality) -> None:
    child = new_child(municipality, valid_birth_number(2, 5, 2014))
    child.full_clean()
    assert child.birth_date == datetime.date(2014, 5, 2)


def test_it_refuses_an_invalid_identity_number(municipality: Municipality) -> None:
    child = new_child(municipality, "02051412345")
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "identity_number" in error.value.message_dict


def test_it_refuses_a_duplicate_identity_number(child: Child) -> None:
    duplicate = new_child(child.municipality, child.identity_number or "")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "identity_number" in error.value.message_dict
    assert Child.objects.count() == 1


def test_it_refuses_empty_names(municipality: Municipality) -> None:
    child = new_child(municipality, valid_birth_number(2, 5, 2014), given_name="", family_name="")
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert {"given_name", "family_name"} <= set(error.value.message_dict)


def test_it_stores_identity_numbers_compact(municipality: Municipality) -> None:
    number = valid_birth_number(2, 5, 2014)
    child = new_child(municipality, f"{number[:6]} {number[6:]}")
    child.full_clean()
    assert child.identity_number == number


def test_it_computes_age_on_a_day(child: Child) -> None:
    assert child.age_on(datetime.date(2025, 3, 13)) == 3
    assert child.age_on(datetime.date(2025, 3, 14)) == 4


def test_the_database_refuses_an_enrolment_ending_before_it_starts(
    child: Child, kindergarten: Unit
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            municipality=child.municipality,
            child=child,
            unit=kindergarten,
            starts_on=datetime.date(2024, 8, 1),
            ends_on=datetime.date(2024, 7, 31),
        )
    assert not Enrolment.objects.exists()


def test_it_enrols_only_in_kindergartens_and_schools(
    child: Child, municipality: Municipality
) -> None:
    nav = Unit.objects.create(municipality=municipality, kind=UnitKind.NAV, name="NAV Melhus")
    enrolment = Enrolment(child=child, unit=nav, starts_on=datetime.date(2024, 8, 1))
    with pytest.raises(ValidationError) as error:
        enrolment.full_clean()
    assert "unit" in error.value.message_dict


def test_an_intermunicipal_unit_serves_every_municipality_it_lists(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    child_welfare = Unit.objects.create(
        municipality=municipality, kind=UnitKind.CHILD_WELFARE, name="Barneverntjenesten"
    )
    child_welfare.serves.add(other_municipality)
    assert list(Unit.objects.serving(other_municipality)) == [child_welfare]
    assert child_welfare.served_municipality_ids() == {municipality.id, other_municipality.id}


def test_it_shows_only_the_birth_date_part_of_the_identity_number(child: Child) -> None:
    assert child.masked_identity_number == f"{child.identity_number[:6]} *****"  # type: ignore[index]
