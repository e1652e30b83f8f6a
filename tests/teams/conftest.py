"""Emil's case (tests/policy/conftest.py) and Melhus' teams: the local
interdisciplinary team of the kindergarten, led by Berit, with the nurse and
the PPT adviser; and the drøftingsteam led by the PPT adviser, which may
discuss cases anonymously, with the child welfare worker on it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.cases.models import Measure
from rodtrad.organisation.models import Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment, Guardian, Guardianship, Relation
from rodtrad.teams.models import Team
from tests.conftest import make_user, valid_birth_number
from tests.policy.conftest import World, world  # noqa: F401  (the fixture)
from tests.teams.factories import make_kind, make_team, team_consent


@dataclass
class Teams:
    world: World
    local: Team
    discussion: Team
    outsider: User  # an employee in Melhus on no team
    skaun_employee: User

    def __getattr__(self, name: str) -> object:
        return getattr(self.world, name)


@pytest.fixture
def teams(world: World) -> Teams:  # noqa: F811
    local = make_team(
        world.melhus,
        world.leader,
        world.kindergarten,
        name="Lokalt tverrfaglig team Solsikken",
        kind=make_kind(world.melhus, "local", name="Lokalt tverrfaglig team"),
        members=((world.nurse, world.health_station), (world.ppt_adviser, world.ppt)),
        age_from=0,
        age_to=6,
    )
    discussion = make_team(
        world.melhus,
        world.ppt_adviser,
        world.ppt,
        members=(
            (world.child_welfare_worker, world.child_welfare),
            (world.nurse, world.health_station),
        ),
        allows_anonymous=True,
        requires_tried_measures=True,
        age_from=0,
        age_to=20,
    )
    outsider_unit = Unit.objects.create(
        municipality=world.melhus, kind=UnitKind.NAV, name="NAV Melhus"
    )
    skaun_unit = Unit.objects.create(municipality=world.skaun, kind=UnitKind.PPT, name="PPT Skaun")
    return Teams(
        world=world,
        local=local,
        discussion=discussion,
        outsider=make_user("nav", outsider_unit),
        skaun_employee=make_user("skaunppt", skaun_unit, Role.EMPLOYEE),
    )


def consent_for_team(world: World, *units: Unit) -> None:  # noqa: F811
    team_consent(world.child, world.holder, units=units)


def add_measure(world: World) -> Measure:  # noqa: F811
    today = timezone.localdate()
    return Measure.objects.create(
        case=world.case,
        goal="Emil spiser frokost i barnehagen",
        responsible=world.holder,
        responsible_unit=world.kindergarten,
        starts_on=today - datetime.timedelta(days=42),
        evaluate_on=today - datetime.timedelta(days=1),
        created_by=world.holder,
    )


@dataclass
class Youth:
    child: Child
    mother: Guardian
    school: Unit
    case_holder: User


def make_youth(municipality: Municipality, nurse: User, health_station: Unit) -> Youth:
    """Sara, 15, at Elvdal ungdomsskole; the school nurse holds her relay log."""
    from rodtrad.cases.models import Case, CaseUnit

    today = timezone.localdate()
    born = today.replace(year=today.year - 15) - datetime.timedelta(days=40)
    child = Child.objects.create(
        municipality=municipality,
        identity_number=valid_birth_number(born.day, born.month, born.year),
        given_name="Sara",
        family_name="Bakke",
        birth_date=born,
    )
    mother = Guardian.objects.create(
        municipality=municipality, given_name="Liv", family_name="Bakke", address="Fjordveien 3"
    )
    Guardianship.objects.create(child=child, guardian=mother, relation=Relation.MOTHER)
    school = Unit.objects.create(
        municipality=municipality, kind=UnitKind.SCHOOL, name="Elvdal ungdomsskole"
    )
    Enrolment.objects.create(
        municipality=municipality,
        child=child,
        unit=school,
        starts_on=today - datetime.timedelta(days=700),
    )
    case = Case.objects.create(
        municipality=municipality, child=child, holder=nurse, holder_unit=health_station, level=1
    )
    CaseUnit.objects.create(case=case, unit=health_station)
    return Youth(child=child, mother=mother, school=school, case_holder=nurse)
