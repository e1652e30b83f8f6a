"""`rodtrad demo`: the demo municipalities, people and logins."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models

from rodtrad.accounts.models import User
from rodtrad.demo import data
from rodtrad.demo.loader import load_demo
from rodtrad.demo.teams import TEAMS
from rodtrad.organisation.models import Membership, Municipality, Role, Unit, UnitKind
from rodtrad.people.identity import IdentityKind, parse_identity_number
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship, Relation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def child(given_name: str) -> Child:
    return Child.objects.get(given_name=given_name, municipality__number__in=data.MUNICIPALITIES)


def snapshot() -> dict[str, Any]:
    """Every row of every table the demo writes, as plain values."""
    tables: list[type[models.Model]] = [
        Municipality,
        Unit,
        Unit.serves.through,
        User,
        Membership,
        Child,
        Guardian,
        Guardianship,
        Family,
        Family.children.through,
        Family.adults.through,
        Enrolment,
    ]
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values_list()))
        for model in tables
    }


def test_it_loads_two_municipalities_and_units_of_many_kinds() -> None:
    run_demo()
    assert dict(Municipality.objects.values_list("number", "name")) == {
        "9901": "Elvdal",
        "9902": "Fjellvik",
    }
    assert Unit.objects.count() == len(data.UNITS)
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds >= {
        UnitKind.KINDERGARTEN,
        UnitKind.SCHOOL,
        UnitKind.HEALTH_STATION,
        UnitKind.PPT,
        UnitKind.CHILD_WELFARE,
        UnitKind.FAMILY_SERVICE,
        UnitKind.NAV,
        UnitKind.MENTAL_HEALTH,
        UnitKind.COORDINATING,
        UnitKind.CULTURE_LEISURE,
        UnitKind.POLICE,
        UnitKind.GP,
        UnitKind.UPPER_SECONDARY,
        UnitKind.OTHER,
    }
    schools = set(Unit.objects.filter(kind=UnitKind.SCHOOL).values_list("name", flat=True))
    assert {"Bakkeli barneskole", "Elvdal ungdomsskole"} <= schools


def test_it_lets_the_intermunicipal_child_welfare_service_serve_both() -> None:
    run_demo()
    elvdal = Municipality.objects.get(number="9901")
    fjellvik = Municipality.objects.get(number="9902")
    child_welfare = Unit.objects.get(kind=UnitKind.CHILD_WELFARE)
    assert child_welfare.municipality == elvdal
    assert set(child_welfare.serves.all()) == {elvdal, fjellvik}
    assert child_welfare.served_municipality_ids() == {elvdal.pk, fjellvik.pk}
    assert child_welfare in Unit.objects.serving(fjellvik)
    # Fjellvik has no child welfare service of its own.
    assert not Unit.objects.filter(municipality=fjellvik, kind=UnitKind.CHILD_WELFARE).exists()


def test_it_makes_admin_an_administrator_in_elvdal() -> None:
    run_demo()
    admin = User.objects.get(username="admin")
    assert admin.check_password(data.DEMO_PASSWORD)
    membership = Membership.objects.get(user=admin)
    assert membership.role == Role.ADMINISTRATOR
    assert membership.unit.kind == UnitKind.OTHER
    assert membership.unit.municipality.number == "9901"
    assert not admin.is_superuser


def test_it_creates_the_employees_of_the_stories() -> None:
    run_demo()
    expected = {
        "kari": (UnitKind.KINDERGARTEN, Role.EMPLOYEE),
        "berit": (UnitKind.KINDERGARTEN, Role.LEADER),
        "hanne": (UnitKind.HEALTH_STATION, Role.EMPLOYEE),
        "per": (UnitKind.PPT, Role.EMPLOYEE),
        "fatima": (UnitKind.FAMILY_SERVICE, Role.EMPLOYEE),
        "tone": (UnitKind.SCHOOL, Role.EMPLOYEE),
        "bjorn": (UnitKind.CHILD_WELFARE, Role.EMPLOYEE),
        "lise": (UnitKind.CHILD_WELFARE, Role.LEADER),
        "marte": (UnitKind.COORDINATING, Role.EMPLOYEE),
        "ingrid": (UnitKind.MENTAL_HEALTH, Role.EMPLOYEE),
        "anne": (UnitKind.OTHER, Role.LEADER),
    }
    for username, (kind, role) in expected.items():
        membership = Membership.objects.select_related("unit").get(user__username=username)
        assert (membership.unit.kind, membership.role) == (kind, role), username
    assert all(user.check_password(data.DEMO_PASSWORD) for user in User.objects.all())


def test_it_gives_emil_two_guardians_with_parental_responsibility_living_apart() -> None:
    load_demo(TODAY)
    emil = child("Emil")
    assert emil.age_on(TODAY) == 4
    guardianships = {g.relation: g for g in emil.guardianships.all()}
    assert set(guardianships) == {Relation.MOTHER, Relation.FATHER}
    assert all(g.parental_responsibility for g in guardianships.values())
    assert guardianships[Relation.MOTHER].lives_with_child
    assert not guardianships[Relation.FATHER].lives_with_child
    enrolment = emil.enrolments.get()
    assert enrolment.unit.kind == UnitKind.KINDERGARTEN
    assert enrolment.ends_on is None


def test_it_creates_the_children_of_the_stories() -> None:
    load_demo(TODAY)
    assert child("Sara").age_on(TODAY) == 12
    jonas = child("Jonas")
    assert jonas.age_on(TODAY) == 9
    assert jonas.enrolments.get(ends_on__isnull=True).unit.name == "Bakkeli barneskole"
    # A guardian without parental responsibility (his stepfather).
    assert jonas.guardianships.filter(parental_responsibility=False).exists()
    nora = child("Nora")
    assert nora.age_on(TODAY) == 15
    assert nora.enrolments.get(ends_on__isnull=True).unit.kind == UnitKind.SCHOOL
    karlsen = Family.objects.get(name="Familien Karlsen")
    assert karlsen.children.count() == 3
    assert karlsen.adults.count() == 1
    assert Child.objects.count() == len(data.CHILDREN)


def test_it_records_past_enrolments_as_ended() -> None:
    load_demo(TODAY)
    sara = child("Sara")
    kindergarten = sara.enrolments.get(unit__kind=UnitKind.KINDERGARTEN)
    assert kindergarten.ends_on is not None
    assert kindergarten.ends_on < TODAY
    assert sara.enrolments.filter(ends_on__isnull=True).count() == 1


def test_it_enrols_children_of_fjellvik_in_fjellvik() -> None:
    load_demo(TODAY)
    oskar = child("Oskar")
    assert oskar.municipality.number == "9902"
    enrolment = oskar.enrolments.get(ends_on__isnull=True)
    assert enrolment.unit.name == "Fjellvik skole"
    assert enrolment.municipality == oskar.municipality


def test_it_uses_only_valid_synthetic_identity_numbers() -> None:
    load_demo(TODAY)
    numbers = [
        *Child.objects.values_list("identity_number", "birth_date"),
        *((n, None) for n in Guardian.objects.values_list("identity_number", flat=True)),
    ]
    assert len(numbers) == len(data.CHILDREN) + len(data.ADULTS)
    for number, birth_date in numbers:
        assert number is not None
        parsed = parse_identity_number(number, today=TODAY)
        assert parsed.kind is IdentityKind.SYNTHETIC
        assert int(number[2:4]) > 80
        if birth_date is not None:
            assert parsed.birth_date == birth_date
    assert len({number for number, _ in numbers}) == len(numbers)


def test_it_changes_nothing_when_run_twice() -> None:
    run_demo()
    before = snapshot()
    run_demo()
    assert snapshot() == before


def test_it_keeps_birth_dates_while_the_ages_still_fit() -> None:
    load_demo(TODAY - datetime.timedelta(days=30))
    before = snapshot()
    load_demo(TODAY)
    assert snapshot() == before


def test_it_keeps_the_story_ages_a_year_later() -> None:
    load_demo(TODAY - datetime.timedelta(days=400))
    load_demo(TODAY)
    assert Child.objects.count() == len(data.CHILDREN)
    for spec in data.CHILDREN:
        moved = child(spec.given_name)
        assert moved.age_on(TODAY) == spec.age, spec.given_name
        parsed = parse_identity_number(moved.identity_number or "", today=TODAY)
        assert parsed.birth_date == moved.birth_date
    # Still exactly one current enrolment for a schoolchild.
    assert child("Jonas").enrolments.filter(ends_on__isnull=True).count() == 1


def test_it_resets_a_changed_demo_password() -> None:
    run_demo()
    kari = User.objects.get(username="kari")
    kari.set_password("something-else")
    kari.save(update_fields=["password"])
    run_demo()
    kari.refresh_from_db()
    assert kari.check_password(data.DEMO_PASSWORD)


def test_it_prints_the_logins() -> None:
    output = run_demo()
    for spec in data.EMPLOYEES:
        assert spec.username in output
    assert data.DEMO_PASSWORD in output
    assert "Solsikken barnehage" in output
    assert "S1" in output
    assert "Brukernavn" in output  # Norwegian


def test_it_prints_the_guardians_synthetic_numbers_for_the_portal() -> None:
    output = run_demo()
    ingvild = Guardian.objects.get(given_name="Ingvild", family_name="Solheim")
    assert ingvild.identity_number
    assert ingvild.identity_number in output


def test_it_names_only_demo_employees_in_the_teams() -> None:
    usernames = {employee.username for employee in data.EMPLOYEES}
    children = {f"{c.given_name} {c.family_name}" for c in data.CHILDREN}
    for team in TEAMS:
        assert team.leader in usernames, team.name
        assert set(team.members) <= usernames, team.name
        assert team.municipality in data.MUNICIPALITIES
        assert team.child is None or team.child in children
    assert len({team.name for team in TEAMS}) == len(TEAMS)


def test_it_names_guardians_and_households_consistently() -> None:
    adults = {adult.key for adult in data.ADULTS}
    families = {family.name for family in data.FAMILIES}
    for spec in data.CHILDREN:
        assert {g.adult for g in spec.guardians} <= adults
        assert spec.household in families
        assert any(g.parental_responsibility for g in spec.guardians)
