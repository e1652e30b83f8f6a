"""The team page's own part, made in Python (teams/sections.py): the team's facts
for everyone who sees it, the team's work for its members, every value from the
database escaped."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.teams.models import Meeting, Referral, ReferralStatus, Rhythm, TeamMembership
from tests.conftest import logged_in_client
from tests.teams.conftest import Teams, teams  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


def team_page(teams: Teams) -> str:  # noqa: F811
    """The page as the nurse, a member, sees it."""
    response = logged_in_client(teams.world.nurse).get(f"/team/{teams.local.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_teams_facts(teams: Teams) -> None:  # noqa: F811
    html = team_page(teams)

    assert '<h1 class="ds-heading" data-size="lg">Lokalt tverrfaglig team Solsikken</h1>' in html
    assert "<dt>Type</dt><dd>Lokalt tverrfaglig team – Individnivå (barn og familier)</dd>" in html
    assert "<dt>Møtes</dt><dd>Én gang i måneden</dd>" in html
    assert "<dt>Alder</dt><dd>0 til 6 år</dd>" in html
    assert "<dd>Ansatte</dd>" in html
    assert "<dd>Med samtykke</dd>" in html
    assert 'href="/team/"' in html and "Alle team" in html


def test_the_facts_follow_the_team(teams: Teams) -> None:  # noqa: F811
    team = teams.local
    team.citizens_may_refer, team.allows_anonymous = True, True
    team.requires_tried_measures, team.rhythm = True, Rhythm.WEEKLY
    team.purpose = "Drøfte bekymringer tidlig."
    team.save()

    html = team_page(teams)

    assert "<dd>Ansatte, foresatte og ungdom direkte</dd>" in html
    assert "<dd>Med samtykke, eller anonymt; tiltak må være prøvd først</dd>" in html
    assert "<dd>Hver uke</dd>" in html
    assert '<p class="ds-paragraph">Drøfte bekymringer tidlig.</p>' in html


def test_a_team_that_takes_no_referrals_offers_none(teams: Teams) -> None:  # noqa: F811
    assert f'href="/team/{teams.local.pk}/henvis/"' in team_page(teams)
    teams.local.active = False
    teams.local.save()

    html = team_page(teams)

    assert f'href="/team/{teams.local.pk}/henvis/"' not in html
    assert f'href="/team/{teams.local.pk}/moter/ny/"' in html  # a member plans meetings


def test_the_members_are_listed_with_the_leader_and_the_services(teams: Teams) -> None:  # noqa: F811
    service = Unit.objects.create(
        municipality=teams.world.melhus, kind=UnitKind.CHILD_WELFARE, name="Barnevernet Melhus"
    )
    TeamMembership.objects.create(team=teams.local, user=None, unit=service)

    html = team_page(teams)

    w = teams.world
    assert f"<li>{w.leader} ({w.kindergarten.name}) – leder</li>" in html
    assert "<li>Barnevernet Melhus (tjenesten deltar)</li>" in html


def test_every_value_of_the_team_and_its_work_is_escaped(teams: Teams) -> None:  # noqa: F811
    team, w = teams.local, teams.world
    team.name = team.purpose = HOSTILE
    team.save()
    team.kind.name = HOSTILE
    team.kind.save()
    w.leader.first_name = HOSTILE
    w.leader.save()
    Referral.objects.create(
        municipality=w.melhus,
        team=team,
        case=w.case,
        referred_by=w.holder,
        referred_by_unit=w.kindergarten,
        reason="Trenger råd",
        anonymous=True,
        age=3,
        status=ReferralStatus.SUBMITTED,
    )
    starts = timezone.now() + datetime.timedelta(days=2)
    Meeting.objects.create(
        municipality=w.melhus,
        team=team,
        title=HOSTILE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        leader=w.leader,
        created_by=w.leader,
    )

    html = team_page(teams).split('<main id="main"', 1)[1]

    assert HOSTILE not in html
    assert html.count(ESCAPED) == 6  # name, kind, leader twice, purpose, meeting title
    assert "Anonym: 3 år" in html
