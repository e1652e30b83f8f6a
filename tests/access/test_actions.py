"""do_grant_emergency_access, without HTTP: a written reason, a time limit,
an audit event and a leader who is told – without personal data."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rodtrad.access.actions import active_emergency_access, do_grant_emergency_access
from rodtrad.access.models import EmergencyAccess
from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.organisation.models import Role
from rodtrad.policy import Action, NotFound, can
from rodtrad.policy.cases import get_emergency_access_for
from tests.conftest import make_user
from tests.policy.conftest import World

REASON = "Barnet er hentet av politiet i natt, trenger oversikt over tiltak."


def test_it_gives_read_access_until_the_municipalitys_hours_have_passed(world: World) -> None:
    world.melhus.emergency_access_hours = 5
    world.melhus.save()
    now = timezone.now()

    grant = do_grant_emergency_access(
        world.child.pk, actor=world.child_welfare_worker, reason=REASON, now=now
    )

    assert grant.expires_at == now + datetime.timedelta(hours=5)
    assert (grant.unit, grant.child, grant.reason) == (world.child_welfare, world.child, REASON)
    assert can(world.child_welfare_worker, Action.READ, world.case, now=now)
    assert not can(world.child_welfare_worker, Action.WRITE, world.case, now=now)
    later = now + datetime.timedelta(hours=5)
    assert can(
        world.child_welfare_worker,
        Action.READ,
        world.case,
        now=later - datetime.timedelta(seconds=1),
    )
    assert not can(world.child_welfare_worker, Action.READ, world.case, now=later)
    assert active_emergency_access(world.child_welfare_worker, world.child, later) is None


def test_the_default_is_three_hours(world: World) -> None:
    grant = do_grant_emergency_access(world.child.pk, actor=world.nurse, reason=REASON)

    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=3)


@pytest.mark.parametrize("reason", ["", "   ", "For kort grunn.", " " + "x" * 19 + " "])
def test_a_short_reason_is_refused_and_nothing_happens(world: World, reason: str) -> None:
    make_user("leder", world.child_welfare, Role.LEADER)

    with pytest.raises(ValidationError) as caught:
        do_grant_emergency_access(world.child.pk, actor=world.child_welfare_worker, reason=reason)

    assert caught.value.message_dict == {
        "reason": ["Skriv hvorfor du trenger nødtilgang, med minst 20 tegn."]
    }
    assert not EmergencyAccess.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="access.emergency_granted").exists()


def test_twenty_characters_are_enough(world: World) -> None:
    assert do_grant_emergency_access(world.child.pk, actor=world.nurse, reason="x" * 20)


def test_it_writes_an_audit_event(world: World) -> None:
    grant = do_grant_emergency_access(
        world.child.pk, actor=world.child_welfare_worker, reason=REASON
    )

    event = AuditEvent.objects.get(action="access.emergency_granted")
    assert (event.actor_id, event.child_id, event.object_id, event.reason) == (
        world.child_welfare_worker.pk,
        world.child.pk,
        str(grant.pk),
        "emergency",
    )
    assert event.changes["reason"] == [None, REASON]


def test_the_leaders_of_the_unit_are_told_without_personal_data(world: World) -> None:
    leader = make_user("leder", world.child_welfare, Role.LEADER)
    make_user("kollega2", world.child_welfare)  # an employee: not told

    grant = do_grant_emergency_access(
        world.child.pk, actor=world.child_welfare_worker, reason=REASON
    )

    [notification] = Notification.objects.all()
    assert notification.recipient == leader
    assert notification.kind == "access.emergency_granted"
    assert notification.link == f"/nodtilgang/{grant.pk}/"
    text = f"{notification.title} {notification.link}"
    for personal in (
        world.child.given_name,
        world.child.family_name,
        str(world.child.pk),
        world.child.identity_number or "-",
        world.child.birth_date.strftime("%d.%m"),
        "Barnet er hentet",
    ):
        assert personal not in text
    assert get_emergency_access_for(leader, grant.pk) == grant


def test_a_leader_who_breaks_the_glass_is_not_told_about_themself(world: World) -> None:
    leader = make_user("leder", world.child_welfare, Role.LEADER)

    do_grant_emergency_access(world.child.pk, actor=leader, reason=REASON)

    assert not Notification.objects.exists()


def test_leaders_of_other_units_are_not_told(world: World) -> None:
    do_grant_emergency_access(world.child.pk, actor=world.child_welfare_worker, reason=REASON)

    assert not Notification.objects.filter(recipient=world.leader).exists()


def test_an_intermunicipal_unit_serves_the_other_municipalitys_children(world: World) -> None:
    world.child.municipality = world.skaun
    world.child.save(update_fields=["municipality"])

    grant = do_grant_emergency_access(
        world.child.pk, actor=world.child_welfare_worker, reason=REASON
    )

    assert grant.municipality == world.skaun


@pytest.mark.parametrize("who", ["skaun_nurse"])
def test_a_child_outside_the_actors_municipalities_does_not_exist(world: World, who: str) -> None:
    with pytest.raises(NotFound) as out_of_reach:
        do_grant_emergency_access(world.child.pk, actor=getattr(world, who), reason=REASON)
    with pytest.raises(NotFound) as missing:
        do_grant_emergency_access(world.child.pk + 1000, actor=world.nurse, reason=REASON)

    assert out_of_reach.value.model is missing.value.model
    assert not EmergencyAccess.objects.exists()


def test_the_child_is_checked_before_the_reason(world: World) -> None:
    """A short reason must not tell an outsider that the child exists."""
    with pytest.raises(NotFound):
        do_grant_emergency_access(world.child.pk, actor=world.skaun_nurse, reason="kort")


class TestWhoSeesTheGrant:
    def test_the_actor_and_the_units_leaders_only(self, world: World) -> None:
        leader = make_user("leder", world.child_welfare, Role.LEADER)
        grant = do_grant_emergency_access(
            world.child.pk, actor=world.child_welfare_worker, reason=REASON
        )

        assert get_emergency_access_for(world.child_welfare_worker, grant.pk) == grant
        assert get_emergency_access_for(leader, grant.pk) == grant
        for outsider in (world.leader, world.holder, world.admin, world.skaun_nurse):
            with pytest.raises(NotFound):
                get_emergency_access_for(outsider, grant.pk)
        with pytest.raises(NotFound):
            get_emergency_access_for(leader, grant.pk + 1000)
