"""Referring a case to a team, and the team's answer (domain functions, no HTTP)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.policy import Action, NotFound, can, case_access
from rodtrad.teams.actions import (
    Answer,
    do_answer_referral,
    do_close_referral,
    do_link_referral,
    do_refer,
    do_update_referral,
)
from rodtrad.teams.models import ReferralStatus
from tests.teams.conftest import Teams, add_measure, consent_for_team


def test_it_refers_with_consent_and_tells_the_team_leader(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station, teams.ppt)

    referral = do_refer(
        teams.case.pk,
        actor=teams.holder,
        team_id=teams.local.pk,
        reason="Emil er innesluttet og ofte sulten.",
        tried="Frokost i barnehagen i seks uker.",
    )

    assert (referral.status, referral.anonymous, referral.age) == (
        ReferralStatus.SUBMITTED,
        False,
        4,
    )
    assert referral.referred_by_unit == teams.kindergarten
    note = Notification.objects.get(recipient=teams.leader, kind="team.referral_received")
    assert note.link == f"/team/henvisninger/{referral.pk}/"
    assert "Emil" not in note.title
    event = AuditEvent.objects.get(action="team.referral_created")
    assert event.child_id == teams.child.pk
    # The nurse on the team reads the case now: consent covers her unit.
    assert can(teams.nurse, Action.READ, teams.case)


def test_it_refuses_a_referral_without_consent_to_a_team_that_is_not_anonymous(
    teams: Teams,
) -> None:
    with pytest.raises(ValidationError) as error:
        do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    assert "anonymous" in error.value.message_dict


def test_it_refuses_anonymous_where_the_team_does_not_allow_it(teams: Teams) -> None:
    with pytest.raises(ValidationError) as error:
        do_refer(
            teams.case.pk,
            actor=teams.holder,
            team_id=teams.local.pk,
            reason="Hjelp",
            anonymous=True,
        )
    assert "anonymous" in error.value.message_dict


def test_a_team_that_requires_tried_measures_refuses_a_case_without_them(teams: Teams) -> None:
    with pytest.raises(ValidationError) as error:
        do_refer(
            teams.case.pk,
            actor=teams.holder,
            team_id=teams.discussion.pk,
            reason="Trenger råd",
            tried="Samtaler",
            anonymous=True,
        )
    assert "tried" in error.value.message_dict
    add_measure(teams.world)
    referral = do_refer(
        teams.case.pk,
        actor=teams.holder,
        team_id=teams.discussion.pk,
        reason="Trenger råd",
        tried="Samtaler",
        anonymous=True,
    )
    assert referral.anonymous


def test_an_anonymous_referral_must_not_name_the_child(teams: Teams) -> None:
    add_measure(teams.world)
    with pytest.raises(ValidationError) as error:
        do_refer(
            teams.case.pk,
            actor=teams.holder,
            team_id=teams.discussion.pk,
            reason="Emil er lei seg",
            tried="Samtaler med mor Maria Hansen",
            anonymous=True,
        )
    assert set(error.value.message_dict) == {"reason", "tried"}
    assert "«Emil»" in error.value.message_dict["reason"][0]


def test_the_team_must_work_with_the_childs_age(teams: Teams) -> None:
    teams.local.age_from, teams.local.age_to = 6, 12
    teams.local.save()
    consent_for_team(teams.world, teams.health_station)
    with pytest.raises(ValidationError) as error:
        do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    assert "team" in error.value.message_dict


def test_only_someone_who_writes_in_the_case_refers_it(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    with pytest.raises(NotFound):
        do_refer(teams.case.pk, actor=teams.outsider, team_id=teams.local.pk, reason="Hjelp")


def test_the_case_is_referred_once_per_team_while_open(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    with pytest.raises(ValidationError):
        do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Igjen")


def test_the_leader_asks_for_more_and_the_referrer_answers(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")

    with pytest.raises(ValidationError):
        do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.MORE_INFO)
    asked = do_answer_referral(
        referral.pk, actor=teams.leader, answer=Answer.MORE_INFO, text="Hva er prøvd?"
    )
    assert asked.status == ReferralStatus.MORE_INFO
    assert Notification.objects.filter(recipient=teams.holder, kind="team.referral_more_info")

    updated = do_update_referral(
        referral.pk, actor=teams.holder, reason="Hjelp", tried="Frokost", version=asked.version
    )
    assert (updated.status, updated.tried) == (ReferralStatus.SUBMITTED, "Frokost")

    accepted = do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)
    assert accepted.status == ReferralStatus.ACCEPTED
    with pytest.raises(ValidationError):
        do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.DECLINE, text="Nei")


def test_a_stale_answer_is_refused(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    with pytest.raises(ValidationError):
        do_answer_referral(
            referral.pk, actor=teams.leader, answer=Answer.ACCEPT, version=referral.version + 5
        )


def test_declining_needs_a_reason_and_ends_the_teams_access(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station, teams.ppt)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    assert can(teams.ppt_adviser, Action.READ, teams.case)
    with pytest.raises(ValidationError) as error:
        do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.DECLINE)
    assert "text" in error.value.message_dict

    declined = do_answer_referral(
        referral.pk, actor=teams.leader, answer=Answer.DECLINE, text="Passer bedre for PPT alene."
    )
    assert declined.status == ReferralStatus.DECLINED
    assert not can(teams.ppt_adviser, Action.READ, teams.case)


def test_only_the_team_leader_answers(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    for actor in (teams.nurse, teams.holder, teams.outsider):
        with pytest.raises(NotFound):
            do_answer_referral(referral.pk, actor=actor, answer=Answer.ACCEPT)


def test_the_referrer_withdraws_and_the_leader_completes(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    with pytest.raises(ValidationError):
        do_close_referral(referral.pk, actor=teams.leader)  # not accepted yet
    assert do_close_referral(referral.pk, actor=teams.holder, withdraw=True).status == "withdrawn"


def test_linking_an_anonymous_discussion_needs_consent_and_then_shows_who(teams: Teams) -> None:
    add_measure(teams.world)
    referral = do_refer(
        teams.case.pk,
        actor=teams.holder,
        team_id=teams.discussion.pk,
        reason="Trenger råd",
        tried="Samtaler",
        anonymous=True,
    )
    access = case_access(teams.child_welfare_worker, teams.case)
    assert access is not None and access.anonymous
    with pytest.raises(ValidationError):
        do_link_referral(referral.pk, actor=teams.holder)

    consent_for_team(teams.world, teams.child_welfare)
    assert case_access(teams.child_welfare_worker, teams.case).anonymous  # type: ignore[union-attr]
    do_link_referral(referral.pk, actor=teams.holder)

    referral.refresh_from_db()
    assert not referral.anonymous and referral.linked_at is not None
    assert can(teams.child_welfare_worker, Action.READ, teams.case)
    assert AuditEvent.objects.filter(action="team.referral_linked", child_id=teams.child.pk)
    with pytest.raises(NotFound):
        do_link_referral(
            referral.pk,
            actor=teams.child_welfare_worker.__class__.objects.get(pk=teams.outsider.pk),
        )
