"""Administrators configure kinds of team and teams on the admin site."""

from __future__ import annotations

from rodtrad.audit.models import AuditEvent
from rodtrad.teams.models import TeamKind
from tests.conftest import logged_in_client
from tests.teams.conftest import Teams


def test_an_administrator_configures_a_kind_of_team(teams: Teams) -> None:
    client = logged_in_client(teams.admin)
    response = client.post(
        "/admin/teams/teamkind/add/",
        {
            "municipality": teams.melhus.pk,
            "name": "Innsatsteam",
            "code": "intervention",
            "level": "individual",
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TeamKind.objects.filter(municipality=teams.melhus, code="intervention").exists()
    assert AuditEvent.objects.filter(action="teamkind.created").exists()


def test_an_administrator_sees_the_teams_of_the_municipality(teams: Teams) -> None:
    client = logged_in_client(teams.admin)
    listing = client.get("/admin/teams/team/")
    assert listing.status_code == 200
    assert "Drøftingsteam for barn og unge" in listing.content.decode()
    assert client.get(f"/admin/teams/team/{teams.local.pk}/change/").status_code == 200


def test_an_employee_has_no_team_administration(teams: Teams) -> None:
    client = logged_in_client(teams.nurse)
    assert client.get("/admin/teams/team/").status_code == 404
    other = logged_in_client(teams.skaun_employee)
    assert other.get(f"/admin/teams/team/{teams.local.pk}/change/").status_code == 404
