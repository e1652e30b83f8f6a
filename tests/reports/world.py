"""Story S3's world: Jonas (9) at Buvik skole in Skaun, his teacher Tone, and
the intermunicipal child welfare service for Melhus and Skaun (owned by
Melhus). Shared by the domain, page, API and browser tests of reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.cases.models import Case, CaseUnit
from rodtrad.organisation.models import Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child, Enrolment
from rodtrad.reports.actions import do_send_report
from rodtrad.reports.models import ConcernReport
from tests.conftest import make_user, valid_birth_number


@dataclass
class ReportWorld:
    melhus: Municipality
    skaun: Municipality
    trondheim: Municipality
    child_welfare: Unit  # owned by Melhus, serves Skaun
    school: Unit  # Buvik skole, Skaun
    kindergarten: Unit  # Buvik barnehage, Skaun
    trondheim_child_welfare: Unit
    jonas: Child
    ida: Child  # in the kindergarten: Tone does not know her
    case: Case  # Tone's relay log for Jonas
    teacher: User  # Tone: the reporter
    school_leader: User
    colleague: User  # another teacher at Buvik skole
    kindergarten_teacher: User
    cw_worker: User
    cw_leader: User
    trondheim_cw_worker: User
    skaun_admin: User

    def send(self, **overrides: Any) -> ConcernReport:
        """Tone's report about Jonas, as in S3; overrides change any argument."""
        arguments: dict[str, Any] = {
            "actor": self.teacher,
            "child_id": self.jonas.pk,
            "reporter_unit_id": self.school.pk,
            "grounds": "Jonas har blåmerker på armene og sier han falt.",
            "observations": "Mandag 10.03 så jeg blåmerker på begge overarmene i gymtimen.",
            "acute": False,
            "guardians_told": False,
            "guardians_not_told_reason": "violence_or_abuse",
        }
        arguments.update(overrides)
        return do_send_report(**arguments)


def build_world() -> ReportWorld:
    melhus = Municipality.objects.create(number="5028", name="Melhus")
    skaun = Municipality.objects.create(number="5029", name="Skaun")
    trondheim = Municipality.objects.create(number="5001", name="Trondheim")
    child_welfare = Unit.objects.create(
        municipality=melhus,
        kind=UnitKind.CHILD_WELFARE,
        name="Barneverntjenesten for Melhus og Skaun",
    )
    child_welfare.serves.add(skaun)
    school = Unit.objects.create(municipality=skaun, kind=UnitKind.SCHOOL, name="Buvik skole")
    kindergarten = Unit.objects.create(
        municipality=skaun, kind=UnitKind.KINDERGARTEN, name="Buvik barnehage"
    )
    trondheim_child_welfare = Unit.objects.create(
        municipality=trondheim, kind=UnitKind.CHILD_WELFARE, name="Barnevernet i Trondheim"
    )
    today = timezone.localdate()
    born = datetime.date(today.year - 9, 5, 17)
    jonas = Child.objects.create(
        municipality=skaun,
        identity_number=valid_birth_number(born.day, born.month, born.year),
        given_name="Jonas",
        family_name="Berg",
        birth_date=born,
    )
    ida_born = datetime.date(today.year - 4, 2, 3)
    ida = Child.objects.create(
        municipality=skaun,
        identity_number=valid_birth_number(ida_born.day, ida_born.month, ida_born.year),
        given_name="Ida",
        family_name="Moe",
        birth_date=ida_born,
    )
    Enrolment.objects.create(
        municipality=skaun, child=jonas, unit=school, starts_on=datetime.date(today.year - 3, 8, 15)
    )
    Enrolment.objects.create(
        municipality=skaun,
        child=ida,
        unit=kindergarten,
        starts_on=datetime.date(today.year - 2, 8, 15),
    )
    teacher = make_user("tone", school)
    case = Case.objects.create(
        municipality=skaun, child=jonas, holder=teacher, holder_unit=school, level=1
    )
    CaseUnit.objects.create(case=case, unit=school)
    skaun_admin = make_user("skaunadmin", kindergarten, Role.ADMINISTRATOR)
    return ReportWorld(
        melhus=melhus,
        skaun=skaun,
        trondheim=trondheim,
        child_welfare=child_welfare,
        school=school,
        kindergarten=kindergarten,
        trondheim_child_welfare=trondheim_child_welfare,
        jonas=jonas,
        ida=ida,
        case=case,
        teacher=teacher,
        school_leader=make_user("rektor", school, Role.LEADER),
        colleague=make_user("lars", school),
        kindergarten_teacher=make_user("kari", kindergarten),
        cw_worker=make_user("bjorn", child_welfare),
        cw_leader=make_user("cecilie", child_welfare, Role.LEADER),
        trondheim_cw_worker=make_user("trond", trondheim_child_welfare),
        skaun_admin=skaun_admin,
    )
