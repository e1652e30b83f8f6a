"""The team page (benchmark page `team`) takes as many queries for 50 referrals,
meetings and decisions as for 5, and names a child only where the member reads
the case. Counts, never timings (BENCHMARKS.md)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from rodtrad.cases.models import Case, CaseUnit, Measure, MeasureStatus
from rodtrad.people.models import Child
from rodtrad.teams.models import (
    AgendaItem,
    Decision,
    Meeting,
    Minutes,
    MinutesStatus,
    Referral,
    ReferralStatus,
)
from tests.conftest import logged_in_client, valid_birth_number
from tests.policy.conftest import world  # noqa: F401  (the fixture)
from tests.teams.conftest import Teams, teams  # noqa: F401  (the fixture)
from tests.teams.factories import team_consent

pytestmark = pytest.mark.django_db


def add_work(teams: Teams, start: int, count: int) -> None:  # noqa: F811
    """`count` referrals to the local team (every third anonymous, every fifth waiting),
    each with a meeting (past ones with approved minutes and an open decision, one
    about a measure) and the next meetings planned."""
    team, now, w = teams.local, timezone.now(), teams.world
    for n in range(start, start + count):
        born = datetime.date(timezone.localdate().year - 3, 1, 1) + datetime.timedelta(days=n)
        child = Child.objects.create(
            municipality=w.melhus,
            identity_number=valid_birth_number(born.day, born.month, born.year),
            given_name=f"Barn{n}",
            family_name="Testesen",
            birth_date=born,
        )
        case = Case.objects.create(
            municipality=w.melhus,
            child=child,
            holder=w.holder,
            holder_unit=w.kindergarten,
            level=2,
        )
        CaseUnit.objects.create(case=case, unit=w.kindergarten)
        anonymous = n % 3 == 0
        if not anonymous:
            team_consent(child, w.holder, units=(w.health_station, w.ppt))
        referral = Referral.objects.create(
            municipality=w.melhus,
            team=team,
            case=case,
            referred_by=w.holder,
            referred_by_unit=w.kindergarten,
            reason="Trenger råd",
            anonymous=anonymous,
            age=3,
            status=ReferralStatus.SUBMITTED if n % 5 == 0 else ReferralStatus.ACCEPTED,
        )
        past = n % 2 == 0
        starts = now + datetime.timedelta(days=-n - 1 if past else n + 1)
        meeting = Meeting.objects.create(
            municipality=w.melhus,
            team=team,
            title=f"Møte {n}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            leader=w.leader,
            created_by=w.leader,
        )
        item = AgendaItem.objects.create(meeting=meeting, referral=referral, case=case)
        if past:
            Minutes.objects.create(
                meeting=meeting, status=MinutesStatus.APPROVED, written_by=w.leader
            )
            measure = (
                Measure.objects.create(
                    case=case,
                    goal="Mål",
                    responsible=w.nurse,
                    responsible_unit=w.health_station,
                    starts_on=timezone.localdate(),
                    evaluate_on=timezone.localdate(),
                    status=MeasureStatus.ACTIVE,
                    created_by=w.leader,
                )
                if n % 4 == 0
                else None
            )
            Decision.objects.create(
                agenda_item=item,
                text=f"Vedtak {n}",
                responsible=w.nurse,
                responsible_unit=w.health_station,
                due_on=timezone.localdate() + datetime.timedelta(days=14),
                measure=measure,
            )


def test_the_team_page_takes_the_same_queries_for_50_rows_as_for_5(
    teams: Teams,  # noqa: F811
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    add_work(teams, 0, 5)
    member: Client = logged_in_client(teams.world.nurse)
    path = f"/team/{teams.local.pk}/"
    member.get(path)
    with django_assert_max_num_queries(1000) as captured:
        member.get(path)
    few = len(captured.captured_queries)
    add_work(teams, 5, 45)
    with django_assert_max_num_queries(few):
        response = member.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/team/henvisninger/') == 50
    assert len(re.findall(r"Vedtak \d+", html)) == 25
    assert "Barn49 Testesen" in html and "Barn48 Testesen" not in html  # 48 is anonymous
    assert html.count("Anonym: 3 år") == 17 + 9  # referrals, and decisions of anonymous ones
    assert html.count('href="/moter/') == 25 + 10  # upcoming, and the ten latest past
