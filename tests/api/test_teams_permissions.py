"""The permission matrix of /teams, /referrals and /meetings: every route ×
the team's leader, a team member, the referrer, an outsider and a stranger.
tests/api/test_permissions.py checks that every route of the API is in
TEAM_ROUTES or its own matrix."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.teams.actions import (
    Answer,
    do_add_participant,
    do_answer_referral,
    do_refer,
    do_save_minutes,
    do_schedule_meeting,
)
from rodtrad.teams.models import ParticipantKind
from tests.api.conftest import ApiClient, api_client_for
from tests.teams.conftest import Teams, add_measure, consent_for_team
from tests.teams.conftest import teams as teams
from tests.teams.conftest import world as world


@dataclass
class Ids:
    team: int
    referral: int
    meeting: int
    item: int
    guardian: int
    teams: Teams


@pytest.fixture
def ids(teams: Teams) -> Ids:
    consent_for_team(teams.world, teams.health_station, teams.ppt, teams.kindergarten)
    add_measure(teams.world)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    start = timezone.now() - datetime.timedelta(hours=1)
    open_referral = referral.pk
    do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)
    meeting = do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Teammøte",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Rom 1",
        referral_ids=[referral.pk],
    )
    item = meeting.agenda_items.get()
    guardian = do_add_participant(
        meeting.pk,
        actor=teams.leader,
        kind=ParticipantKind.GUARDIAN,
        guardian_id=teams.mother.pk,
        agenda_item_id=item.pk,
    )
    do_save_minutes(meeting.pk, actor=teams.leader, notes="Utkast")
    return Ids(
        team=teams.local.pk,
        referral=open_referral,
        meeting=meeting.pk,
        item=item.pk,
        guardian=guardian.pk,
        teams=teams,
    )


def _fresh_referral(ids: Ids) -> int:
    """A second case referred and waiting, for the answer routes."""
    from tests.teams.conftest import make_youth

    youth = make_youth(ids.teams.melhus, ids.teams.holder, ids.teams.kindergarten)
    from tests.teams.factories import team_consent

    team_consent(youth.child, ids.teams.holder, units=(ids.teams.ppt,))
    ids.teams.local.age_to = 20
    ids.teams.local.save()
    return do_refer(
        youth.child.cases.get().pk, actor=ids.teams.holder, team_id=ids.team, reason="Hjelp"
    ).pk


def _body(route: str, ids: Ids) -> dict[str, Any]:
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    start = timezone.now() + datetime.timedelta(days=3)
    bodies: dict[str, dict[str, Any]] = {
        "POST /referrals": {"case": ids.teams.case.pk, "team": ids.teams.discussion.pk,
                            "reason": "Råd", "tried": "Samtaler", "anonymous": True},
        "POST /referrals/{referral_id}/accept": {},
        "POST /referrals/{referral_id}/ask": {"text": "Mer?"},
        "POST /referrals/{referral_id}/decline": {"text": "Nei"},
        "POST /meetings": {"team": ids.team, "title": "Nytt møte",
                           "starts_at": start.isoformat(),
                           "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
                           "place": "Rom 2"},
        "PUT /meetings/{meeting_id}/minutes": {"notes": "Utkast",
                                               "items": [{"id": ids.item, "assessment": "Ok"}]},
        "POST /meetings/{meeting_id}/minutes/decisions": {
            "agenda_item": ids.item, "text": "Følge opp", "responsible": ids.teams.nurse.pk,
            "responsible_unit": ids.teams.health_station.pk, "due_on": due},
        "POST /meetings/{meeting_id}/minutes/approve": {},
        "POST /meetings/{meeting_id}/ratings": {"participant": ids.guardian, "useful": 4,
                                                "heard": 4},
    }  # fmt: skip
    return bodies.get(route, {})


# (method, path) → who may (by actor name); everyone else gets 404 (items) or
# an empty list / 422 (lists and creation). Strangers get 401 everywhere.
TEAM_ROUTES: dict[tuple[str, str], set[str]] = {
    ("get", "/teams"): {"leader", "member", "referrer", "outsider"},
    ("get", "/teams/{team_id}"): {"leader", "member", "referrer", "outsider"},
    ("get", "/referrals"): {"leader", "member", "referrer"},
    # Whoever writes in the case: its holder, the holder's leader, a consented team member.
    ("post", "/referrals"): {"leader", "member", "referrer"},
    ("get", "/referrals/{referral_id}"): {"leader", "member", "referrer"},
    ("post", "/referrals/{referral_id}/accept"): {"leader"},
    ("post", "/referrals/{referral_id}/ask"): {"leader"},
    ("post", "/referrals/{referral_id}/decline"): {"leader"},
    ("get", "/meetings"): {"leader", "member", "referrer"},
    ("post", "/meetings"): {"leader", "member"},
    ("get", "/meetings/{meeting_id}"): {"leader", "member", "referrer"},
    ("get", "/meetings/{meeting_id}/minutes"): {"leader", "member", "referrer"},
    ("put", "/meetings/{meeting_id}/minutes"): {"leader", "member", "referrer"},
    ("post", "/meetings/{meeting_id}/minutes/decisions"): {"leader", "member", "referrer"},
    ("post", "/meetings/{meeting_id}/minutes/approve"): {"leader"},
    ("get", "/meetings/{meeting_id}/ratings"): {"leader", "member", "referrer"},
    ("post", "/meetings/{meeting_id}/ratings"): {"leader", "member", "referrer"},
}

ACTORS: dict[str, Callable[[Teams], User]] = {
    "leader": lambda t: t.leader,
    "member": lambda t: t.nurse,
    "referrer": lambda t: t.holder,
    "outsider": lambda t: t.outsider,
}


def _call(client: ApiClient, method: str, path: str, ids: Ids) -> Any:
    route = f"{method.upper()} {path}"
    referral = _fresh_referral(ids) if path.endswith(("accept", "ask", "decline")) else ids.referral
    url = path.format(team_id=ids.team, referral_id=referral, meeting_id=ids.meeting)
    body = _body(route, ids)
    if method == "get":
        return client.get(url)
    if method == "put":
        import json

        return client.client.put(f"/api/v1{url}", json.dumps(body), content_type="application/json")
    return client.post(url, body)


def _route_id(route: tuple[str, str]) -> str:
    return f"{route[0].upper()} {route[1]}"


@pytest.mark.parametrize("actor", list(ACTORS))
@pytest.mark.parametrize("route", list(TEAM_ROUTES), ids=_route_id)
def test_the_matrix(ids: Ids, route: tuple[str, str], actor: str) -> None:
    method, path = route
    user = ACTORS[actor](ids.teams)
    response = _call(api_client_for(user), method, path, ids)
    allowed = actor in TEAM_ROUTES[route]
    is_list = (
        method == "get"
        and not path.endswith("}")
        and "/ratings" not in path
        and ("/minutes" not in path)
    )
    if allowed:
        assert response.status_code in (200, 201), (response.status_code, response.json())
        if is_list:
            assert response.json()["count"] >= 1
    elif is_list:
        assert response.status_code == 200
        assert response.json()["count"] == 0 or path == "/teams"
    elif method == "post" and path in ("/referrals", "/meetings"):
        assert response.status_code in (404, 422)
    else:
        assert response.status_code == 404, (response.status_code, response.json())


@pytest.mark.parametrize("route", list(TEAM_ROUTES), ids=_route_id)
def test_a_stranger_is_not_let_in(ids: Ids, route: tuple[str, str]) -> None:
    method, path = route
    assert _call(ApiClient(), method, path, ids).status_code == 401
