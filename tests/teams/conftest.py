"""Emil's case (tests/policy/conftest.py) and Melhus' teams: the local
interdisciplinary team of the kindergarten, led by Berit, with the nurse and
the PPT adviser; and the drøftingsteam led by the PPT adviser, which may
discuss cases anonymously, with the child welfare worker on it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

import pytest
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.cases.models import Measure
from rodtrad.organisation.models import Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment, Guardian, Guardianship, Relation
from rodtrad.teams.models import Team
from tests.conftest import make_user, valid_birth_number
from tests.policy.conftest import World
from tests.policy.conftest import world as world  # the fixture, re-exported
from tests.teams.factories import make_kind, make_team, team_consent


@dataclass
class Teams(World):
    """The world's fields (the same rows) and its teams, so both read as typed
    attributes: `teams.leader` is `teams.world.leader`."""

    world: World
    local: Team
    discussion: Team
    outsider: User  # an employee in Melhus on no team
    skaun_employee: User


@pytest.fixture
def teams(world: World) -> Teams:
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
        **{field.name: getattr(world, field.name) for field in fields(World)},
        world=world,
        local=local,
        discussion=discussion,
        outsider=make_user("nav", outsider_unit),
        skaun_employee=make_user("skaunppt", skaun_unit, Role.EMPLOYEE),
    )


def consent_for_team(world: World, *units: Unit) -> None:
    team_consent(world.child, world.holder, units=units)


def add_measure(world: World) -> Measure:
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
