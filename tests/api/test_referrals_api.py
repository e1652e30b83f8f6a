"""/api/v1/referrals in depth: create with consent or anonymously, answer, audit."""

from __future__ import annotations

from rodtrad.audit.models import AuditEvent
from tests.api.conftest import api_client_for
from tests.teams.conftest import Teams, add_measure, consent_for_team
from tests.teams.conftest import teams as teams
from tests.teams.conftest import world as world


def test_it_refers_and_the_leader_accepts(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    kari = api_client_for(teams.holder)
    created = kari.post(
        "/referrals",
        {"case": teams.case.pk, "team": teams.local.pk, "reason": "Hjelp", "tried": "Frokost"},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["child_name"], body["case"]) == (
        "submitted",
        "Emil Hansen",
        teams.case.pk,
    )
    berit = api_client_for(teams.leader)
    accepted = berit.post(f"/referrals/{body['id']}/accept", {"version": body["version"]})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert AuditEvent.objects.filter(action="case.discuss", actor_id=teams.leader.pk).exists()


def test_a_decline_needs_a_reason(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    created = api_client_for(teams.holder).post(
        "/referrals", {"case": teams.case.pk, "team": teams.local.pk, "reason": "Hjelp"}
    )
    referral = created.json()["id"]
    berit = api_client_for(teams.leader)
    refused = berit.post(f"/referrals/{referral}/decline", {})
    assert refused.status_code == 422
    assert "text" in refused.json()["errors"]
    declined = berit.post(f"/referrals/{referral}/decline", {"text": "Passer ikke"})
    assert declined.json()["status"] == "declined"


def refer_anonymously(teams: Teams) -> int:
    """The baton holder refers the relay log to the discussion team, anonymously."""
    add_measure(teams.world)
    created = api_client_for(teams.holder).post(
        "/referrals",
        {
            "case": teams.case.pk,
            "team": teams.discussion.pk,
            "reason": "Trenger råd",
            "tried": "Samtaler",
            "anonymous": True,
        },
    )
    assert created.status_code == 201
    referral: int = created.json()["id"]
    return referral


def test_an_anonymous_referral_shows_the_team_only_the_age(teams: Teams) -> None:
    referral = refer_anonymously(teams)
    seen = api_client_for(teams.child_welfare_worker).get(f"/referrals/{referral}").json()
    assert (seen["anonymous"], seen["age"], seen["case"], seen["child_name"]) == (
        True,
        4,
        None,
        None,
    )
    listed = api_client_for(teams.child_welfare_worker).get("/referrals").json()["items"]
    assert [(r["id"], r["child_name"]) for r in listed] == [(referral, None)]


def test_a_case_out_of_reach_is_not_found_on_the_field(teams: Teams) -> None:
    response = api_client_for(teams.outsider).post(
        "/referrals", {"case": teams.case.pk, "team": teams.local.pk, "reason": "Hjelp"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["case"]


def test_a_page_of_referrals_is_audited_with_the_children_it_names(teams: Teams) -> None:
    """An anonymous referral names no child in the list, to the referrer or to
    the team, and neither do the audit events of those pages."""
    refer_anonymously(teams)

    mine = api_client_for(teams.holder).get("/referrals").json()["items"]
    theirs = api_client_for(teams.child_welfare_worker).get("/referrals").json()["items"]

    assert [item["child_name"] for item in mine] == [None]  # anonymous: for everyone
    assert [item["child_name"] for item in theirs] == [None]
    events = AuditEvent.objects.filter(action="referral.listed").order_by("id")
    assert [(e.actor_id, e.changes["children"]) for e in events] == [
        (teams.holder.pk, []),
        (teams.child_welfare_worker.pk, []),
    ]


def test_a_named_referral_in_the_list_is_in_the_childs_access_log(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    kari = api_client_for(teams.holder)
    kari.post("/referrals", {"case": teams.case.pk, "team": teams.local.pk, "reason": "Hjelp"})

    [item] = kari.get("/referrals").json()["items"]

    assert item["child_name"] == "Emil Hansen"
    event = AuditEvent.objects.get(action="referral.listed")
    assert (event.actor_id, event.changes["children"]) == (teams.holder.pk, [teams.case.child_id])
    log = kari.get(f"/children/{teams.case.child_id}/access-log").json()["items"]
    assert any(line["action"] == "referral.listed" for line in log)
