"""A small world for access tests: Emil's relay log in Melhus, held by Kari in
the kindergarten, with the health station and PPT taking part."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.cases.models import Case, CaseUnit
from rodtrad.consent.models import (
    Consent,
    ConsentParty,
    Decision,
    InformationCategory,
    Method,
    Purpose,
)
from rodtrad.organisation.models import Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child, Guardian, Guardianship, Relation
from tests.conftest import make_user, valid_birth_number


@dataclass
class World:
    melhus: Municipality
    skaun: Municipality
    kindergarten: Unit
    health_station: Unit
    ppt: Unit
    child_welfare: Unit  # owned by Melhus, serves Skaun too
    skaun_health_station: Unit
    child: Child
    mother: Guardian
    father: Guardian
    case: Case
    holder: User
    leader: User
    kindergarten_colleague: User
    nurse: User
    ppt_adviser: User
    child_welfare_worker: User
    skaun_nurse: User
    admin: User

    @property
    def employees(self) -> list[User]:
        """Every employee of the world, each seeing the child's case differently."""
        return [
            self.holder,
            self.leader,
            self.kindergarten_colleague,
            self.nurse,
            self.ppt_adviser,
            self.child_welfare_worker,
            self.skaun_nurse,
            self.admin,
        ]

    def consent(
        self,
        *,
        answers: tuple[tuple[Guardian | None, str], ...] | None = None,
        units: tuple[Unit, ...] = (),
        unit_kinds: tuple[str, ...] = (),
        valid_from: datetime.date | None = None,
        valid_to: datetime.date | None = None,
        complete: bool | None = None,
        withdrawn: bool = False,
        purpose: str = Purpose.COLLABORATION,
    ) -> Consent:
        """A consent row as do_register_consent leaves it (tested on its own)."""
        today = timezone.localdate()
        answers = (
            answers
            if answers is not None
            else ((self.mother, Decision.GIVEN), (self.father, Decision.GIVEN))
        )
        given = {g.pk if g else None for g, d in answers if d == Decision.GIVEN}
        consent = Consent.objects.create(
            municipality=self.melhus,
            child=self.child,
            purpose=purpose,
            decision=Decision.REFUSED
            if any(d == Decision.REFUSED for _, d in answers)
            else Decision.GIVEN,
            unit_kinds=list(unit_kinds),
            categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
            valid_from=valid_from or today,
            valid_to=valid_to or today + datetime.timedelta(days=365),
            method=Method.PAPER,
            documented_by=self.holder,
            complete=complete
            if complete is not None
            else {self.mother.pk, self.father.pk} <= given,
            withdrawn_at=timezone.now() if withdrawn else None,
        )
        consent.units.set(units)
        for guardian, decision in answers:
            ConsentParty.objects.create(
                consent=consent, guardian=guardian, is_child=guardian is None, decision=decision
            )
        return consent


@pytest.fixture
def world(db: None) -> World:
    melhus = Municipality.objects.create(number="5028", name="Melhus")
    skaun = Municipality.objects.create(number="5029", name="Skaun")
    kindergarten = Unit.objects.create(
        municipality=melhus, kind=UnitKind.KINDERGARTEN, name="Solsikken barnehage"
    )
    health_station = Unit.objects.create(
        municipality=melhus, kind=UnitKind.HEALTH_STATION, name="Melhus helsestasjon"
    )
    ppt = Unit.objects.create(municipality=melhus, kind=UnitKind.PPT, name="PPT Melhus")
    child_welfare = Unit.objects.create(
        municipality=melhus,
        kind=UnitKind.CHILD_WELFARE,
        name="Barneverntjenesten for Melhus og Skaun",
    )
    child_welfare.serves.add(skaun)
    skaun_health_station = Unit.objects.create(
        municipality=skaun, kind=UnitKind.HEALTH_STATION, name="Skaun helsestasjon"
    )
    born = timezone.localdate() - datetime.timedelta(days=4 * 365 + 30)
    child = Child.objects.create(
        municipality=melhus,
        identity_number=valid_birth_number(born.day, born.month, born.year),
        given_name="Emil",
        family_name="Hansen",
        birth_date=born,
    )
    mother = Guardian.objects.create(municipality=melhus, given_name="Maria", family_name="Hansen")
    father = Guardian.objects.create(municipality=melhus, given_name="Jon", family_name="Hansen")
    Guardianship.objects.create(
        child=child, guardian=mother, relation=Relation.MOTHER, parental_responsibility=True
    )
    Guardianship.objects.create(
        child=child, guardian=father, relation=Relation.FATHER, parental_responsibility=True
    )
    holder = make_user("kari", kindergarten)
    case = Case.objects.create(
        municipality=melhus, child=child, holder=holder, holder_unit=kindergarten, level=2
    )
    for unit in (kindergarten, health_station, ppt, skaun_health_station):
        CaseUnit.objects.create(case=case, unit=unit)
    return World(
        melhus=melhus,
        skaun=skaun,
        kindergarten=kindergarten,
        health_station=health_station,
        ppt=ppt,
        child_welfare=child_welfare,
        skaun_health_station=skaun_health_station,
        child=child,
        mother=mother,
        father=father,
        case=case,
        holder=holder,
        leader=make_user("berit", kindergarten, Role.LEADER),
        kindergarten_colleague=make_user("kollega", kindergarten),
        nurse=make_user("hanne", health_station),
        ppt_adviser=make_user("per", ppt),
        child_welfare_worker=make_user("bjorn", child_welfare),
        skaun_nurse=make_user("sunniva", skaun_health_station),
        admin=make_user("admin", kindergarten, Role.ADMINISTRATOR),
    )
