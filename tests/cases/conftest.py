"""Story S1's people for the relay log tests: Emil (4) in Solsikken kindergarten,
Kari his kindergarten teacher, Berit her leader, and the services that may join."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.cases import actions
from rodtrad.cases.models import Case
from rodtrad.consent.actions import do_register_consent
from rodtrad.consent.models import Consent, Decision, InformationCategory, Method, Purpose
from rodtrad.consent.rules import Answer
from rodtrad.organisation.models import Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment, Guardian, Guardianship, Relation
from tests.conftest import logged_in_client, make_user, valid_birth_number


@dataclass
class Story:
    melhus: Municipality
    skaun: Municipality
    kindergarten: Unit
    school: Unit
    health_station: Unit
    ppt: Unit
    family_service: Unit
    skaun_kindergarten: Unit
    child: Child
    mother: Guardian
    father: Guardian
    kari: User  # kindergarten teacher, opens the case
    berit: User  # leader of the kindergarten
    colleague: User  # another kindergarten teacher
    tone: User  # teacher at the school (S5)
    hanne: User  # public-health nurse
    per: User  # PPT adviser
    fatima: User  # family counsellor
    outsider: User  # kindergarten teacher in Skaun

    def open_case(self, concern: str = "Emil virker tilbaketrukket og er ofte sulten.") -> Case:
        return actions.do_open_case(
            actor=self.kari,
            child_id=self.child.pk,
            unit_id=self.kindergarten.pk,
            concern=concern,
            categories=["well_being", "care"],
        )

    def consent(self, case: Case | None = None, *kinds: str) -> Consent:
        """Both guardians consent to collaboration with these kinds of unit."""
        return do_register_consent(
            self.child.pk,
            actor=self.kari,
            purpose=Purpose.COLLABORATION,
            answers=[
                Answer(self.mother.pk, Decision.GIVEN),
                Answer(self.father.pk, Decision.GIVEN),
            ],
            categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
            method=Method.PAPER,
            unit_kinds=[UnitKind(kind) for kind in kinds]
            or (
                UnitKind.KINDERGARTEN,
                UnitKind.HEALTH_STATION,
                UnitKind.PPT,
                UnitKind.FAMILY_SERVICE,
            ),
            case=case,
        )

    def client(self, user: User) -> Client:
        return logged_in_client(user)


@pytest.fixture
def story(db: None) -> Story:
    return make_story()


def make_story() -> Story:
    """The people and places, for test modules outside tests/cases too."""
    melhus = Municipality.objects.create(number="5028", name="Melhus")
    skaun = Municipality.objects.create(number="5029", name="Skaun")

    def unit(kind: str, name: str, municipality: Municipality = melhus) -> Unit:
        return Unit.objects.create(municipality=municipality, kind=kind, name=name)

    kindergarten = unit(UnitKind.KINDERGARTEN, "Solsikken barnehage")
    school = unit(UnitKind.SCHOOL, "Gimse skole")
    health_station = unit(UnitKind.HEALTH_STATION, "Melhus helsestasjon")
    ppt = unit(UnitKind.PPT, "PPT Melhus")
    family_service = unit(UnitKind.FAMILY_SERVICE, "Familiesenteret")
    skaun_kindergarten = unit(UnitKind.KINDERGARTEN, "Lyngen barnehage", skaun)
    born = timezone.localdate() - datetime.timedelta(days=4 * 365 + 30)
    child = Child.objects.create(
        municipality=melhus,
        identity_number=valid_birth_number(born.day, born.month, born.year),
        given_name="Emil",
        family_name="Hansen",
        birth_date=born,
    )
    Enrolment.objects.create(
        municipality=melhus,
        child=child,
        unit=kindergarten,
        starts_on=born + datetime.timedelta(days=365),
    )
    mother = Guardian.objects.create(municipality=melhus, given_name="Maria", family_name="Hansen")
    father = Guardian.objects.create(municipality=melhus, given_name="Jon", family_name="Hansen")
    Guardianship.objects.create(child=child, guardian=mother, relation=Relation.MOTHER)
    Guardianship.objects.create(
        child=child, guardian=father, relation=Relation.FATHER, lives_with_child=False
    )
    return Story(
        melhus=melhus,
        skaun=skaun,
        kindergarten=kindergarten,
        school=school,
        health_station=health_station,
        ppt=ppt,
        family_service=family_service,
        skaun_kindergarten=skaun_kindergarten,
        child=child,
        mother=mother,
        father=father,
        kari=make_user("kari", kindergarten),
        berit=make_user("berit", kindergarten, Role.LEADER),
        colleague=make_user("kollega", kindergarten),
        tone=make_user("tone", school),
        hanne=make_user("hanne", health_station),
        per=make_user("per", ppt),
        fatima=make_user("fatima", family_service),
        outsider=make_user("sunniva", skaun_kindergarten),
    )


@pytest.fixture
def case(story: Story) -> Case:
    return story.open_case()
