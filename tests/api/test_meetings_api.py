"""/api/v1/meetings in depth: plan, draft minutes, decisions, approve, ratings."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from rodtrad.cases.models import Measure
from rodtrad.teams.actions import Answer, do_add_participant, do_answer_referral, do_refer
from rodtrad.teams.models import ParticipantKind
from tests.api.conftest import api_client_for
from tests.teams.conftest import Teams, consent_for_team
from tests.teams.conftest import teams as teams
from tests.teams.conftest import world as world


def test_a_meeting_through_the_api_ends_in_measures_and_a_rating(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station, teams.ppt)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)
    berit = api_client_for(teams.leader)
    start = timezone.now() - datetime.timedelta(hours=2)
    created = berit.post(
        "/meetings",
        {
            "team": teams.local.pk,
            "title": "Teammøte",
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
            "place": "Rom 1",
            "referrals": [referral.pk],
        },
    )
    assert created.status_code == 201, created.json()
    meeting = created.json()
    [item] = meeting["agenda"]
    assert item["label"] == "Emil Hansen"
    guardian = do_add_participant(
        meeting["id"],
        actor=teams.leader,
        kind=ParticipantKind.GUARDIAN,
        guardian_id=teams.mother.pk,
        agenda_item_id=item["id"],
    )
    draft = berit.client.put(
        f"/api/v1/meetings/{meeting['id']}/minutes",
        json.dumps(
            {
                "present": [p["id"] for p in meeting["participants"]] + [guardian.pk],
                "items": [{"id": item["id"], "child_view": "Vil leke", "assessment": "Ok"}],
            }
        ),
        content_type="application/json",
    )
    assert draft.status_code == 200, draft.json()
    assert draft.json()["status"] == "draft"
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    decided = berit.post(
        f"/meetings/{meeting['id']}/minutes/decisions",
        {
            "agenda_item": item["id"],
            "text": "PPT observerer i barnehagen",
            "responsible": teams.ppt_adviser.pk,
            "responsible_unit": teams.ppt.pk,
            "due_on": due,
        },
    )
    assert decided.status_code == 201, decided.json()
    nurse = api_client_for(teams.nurse)
    assert nurse.post(f"/meetings/{meeting['id']}/minutes/approve", {}).status_code == 404
    approved = berit.post(f"/meetings/{meeting['id']}/minutes/approve", {})
    assert approved.status_code == 200
    [decision] = approved.json()["agenda"][0]["decisions"]
    measure = Measure.objects.get(pk=decision["measure"])
    assert (measure.responsible, measure.evaluate_on.isoformat()) == (teams.ppt_adviser, due)

    rated = berit.post(
        f"/meetings/{meeting['id']}/ratings",
        {"participant": guardian.pk, "useful": 5, "heard": 5, "comment": "Bra"},
    )
    assert rated.status_code == 201
    assert rated.json()["recorded_by"] == teams.leader.pk
    wrong = berit.post(
        f"/meetings/{meeting['id']}/ratings", {"participant": guardian.pk, "useful": 6, "heard": 1}
    )
    assert wrong.status_code == 422
    assert len(nurse.get(f"/meetings/{meeting['id']}/ratings").json()) == 1
    assert api_client_for(teams.outsider).get(f"/meetings/{meeting['id']}").status_code == 404
