"""/api/v1/teams in depth: who sees which team, and its members."""

from __future__ import annotations

from tests.api.conftest import api_client_for
from tests.teams.conftest import Teams
from tests.teams.conftest import teams as teams
from tests.teams.conftest import world as world


def test_employees_of_the_municipality_see_its_teams(teams: Teams) -> None:
    names = [t["name"] for t in api_client_for(teams.outsider).get("/teams").json()["items"]]
    assert names == ["Drøftingsteam for barn og unge", "Lokalt tverrfaglig team Solsikken"]
    assert api_client_for(teams.skaun_employee).get("/teams").json()["count"] == 0


def test_members_are_listed_to_members_only(teams: Teams) -> None:
    path = f"/teams/{teams.local.pk}"
    member = api_client_for(teams.nurse).get(path).json()
    assert {m["employee"] for m in member["members"]} == {
        teams.leader.pk,
        teams.nurse.pk,
        teams.ppt_adviser.pk,
    }
    assert member["kind"] == "local" and member["leader"] == teams.leader.pk
    assert api_client_for(teams.outsider).get(path).json()["members"] == []
    assert api_client_for(teams.skaun_employee).get(path).status_code == 404


def test_an_ansvarsgruppe_is_seen_by_its_members_only(teams: Teams) -> None:
    teams.local.case = teams.case
    teams.local.save()
    assert api_client_for(teams.outsider).get(f"/teams/{teams.local.pk}").status_code == 404
    assert api_client_for(teams.nurse).get(f"/teams/{teams.local.pk}").status_code == 200
