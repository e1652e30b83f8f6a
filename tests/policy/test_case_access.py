"""Every reason for access × every action, allowed and denied, through the policy.

Each row sets up one situation in the shared world and names who acts and
which actions they get. READ, WRITE and MANAGE are checked for every row,
and the list query (visible_cases) must agree with the single-case check.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from rodtrad.access.models import EmergencyAccess
from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import CaseUnit
from rodtrad.consent.models import Decision
from rodtrad.organisation.models import UnitKind
from rodtrad.policy import Action, NotFound, Reason, can, case_access, get_case_for, visible_cases
from rodtrad.teams.models import ReferralStatus
from tests.policy.conftest import World
from tests.teams.factories import refer_to_team

R, W, M = Action.READ, Action.WRITE, Action.MANAGE
NONE: frozenset[Action] = frozenset()


@dataclass(frozen=True)
class Row:
    name: str
    arrange: Callable[[World], User]
    allowed: frozenset[Action]
    reason: Reason | None = None
    # A team discussion without consent: DISCUSS only, and no identity.
    anonymous: bool = False


def emergency(world: World, *, expired: bool) -> User:
    now = timezone.now()
    granted = now - datetime.timedelta(hours=4 if expired else 1)
    EmergencyAccess.objects.create(
        municipality=world.melhus,
        actor=world.child_welfare_worker,
        unit=world.child_welfare,
        child=world.child,
        reason="Akutt situasjon, foreldre ikke tilgjengelige",
        granted_at=granted,
        expires_at=granted + datetime.timedelta(hours=3),
    )
    return world.child_welfare_worker


def youth(world: World, age: int) -> None:
    today = timezone.localdate()
    world.child.birth_date = today.replace(year=today.year - age) - datetime.timedelta(days=1)
    world.child.save(update_fields=["birth_date"])


def youth_of_16_consents_alone(world: World) -> User:
    youth(world, 16)
    world.consent(units=(world.health_station,), answers=((None, Decision.GIVEN),), complete=True)
    return world.nurse


def holder_deactivated(world: World) -> User:
    world.holder.is_active = False
    world.holder.save()
    return world.holder


ROWS = [
    Row("baton holder", lambda w: w.holder, frozenset({R, W, M}), Reason.BATON_HOLDER),
    Row(
        "leader of the holder's unit",
        lambda w: w.leader,
        frozenset({R, W}),
        Reason.HOLDER_UNIT_LEADER,
    ),
    Row("colleague in the holder's unit, no consent", lambda w: w.kindergarten_colleague, NONE),
    Row(
        "colleague in the holder's unit, consent covers the kindergarten",
        lambda w: (w.consent(units=(w.kindergarten,)), w.kindergarten_colleague)[1],
        frozenset({R, W}),
        Reason.CONSENTED_UNIT,
    ),
    Row(
        "participating unit named in a consent in force",
        lambda w: (w.consent(units=(w.health_station,)), w.nurse)[1],
        frozenset({R, W}),
        Reason.CONSENTED_UNIT,
    ),
    Row(
        "participating unit whose kind a consent covers",
        lambda w: (w.consent(unit_kinds=(UnitKind.PPT,)), w.ppt_adviser)[1],
        frozenset({R, W}),
        Reason.CONSENTED_UNIT,
    ),
    Row("participating unit without any consent", lambda w: w.nurse, NONE),
    Row(
        "consent covers another unit",
        lambda w: (w.consent(units=(w.ppt,)), w.nurse)[1],
        NONE,
    ),
    Row(
        "consent expired yesterday",
        lambda w: (
            w.consent(
                units=(w.health_station,),
                valid_from=timezone.localdate() - datetime.timedelta(days=366),
                valid_to=timezone.localdate() - datetime.timedelta(days=1),
            ),
            w.nurse,
        )[1],
        NONE,
    ),
    Row(
        "consent not yet valid",
        lambda w: (
            w.consent(
                units=(w.health_station,),
                valid_from=timezone.localdate() + datetime.timedelta(days=1),
            ),
            w.nurse,
        )[1],
        NONE,
    ),
    Row(
        "consent withdrawn a second ago",
        lambda w: (w.consent(units=(w.health_station,), withdrawn=True), w.nurse)[1],
        NONE,
    ),
    Row(
        "only one of two guardians consented",
        lambda w: (
            w.consent(units=(w.health_station,), answers=((w.mother, Decision.GIVEN),)),
            w.nurse,
        )[1],
        NONE,
    ),
    Row(
        "one guardian refused",
        lambda w: (
            w.consent(
                units=(w.health_station,),
                answers=((w.mother, Decision.GIVEN), (w.father, Decision.REFUSED)),
            ),
            w.nurse,
        )[1],
        NONE,
    ),
    Row(
        "consent for a team discussion does not open the relay log",
        lambda w: (w.consent(units=(w.health_station,), purpose="team_discussion"), w.nurse)[1],
        NONE,
    ),
    Row(
        "youth of 16 consents alone",
        youth_of_16_consents_alone,
        frozenset({R, W}),
        Reason.CONSENTED_UNIT,
    ),
    Row(
        "unit in another municipality, consent covers its kind",
        lambda w: (w.consent(unit_kinds=(UnitKind.HEALTH_STATION,)), w.skaun_nurse)[1],
        NONE,
    ),
    Row(
        "intermunicipal child welfare taking part, with consent",
        lambda w: (
            CaseUnit.objects.create(case=w.case, unit=w.child_welfare),
            w.consent(unit_kinds=(UnitKind.CHILD_WELFARE,)),
            w.child_welfare_worker,
        )[2],
        frozenset({R, W}),
        Reason.CONSENTED_UNIT,
    ),
    Row("child welfare without consent or report", lambda w: w.child_welfare_worker, NONE),
    Row(
        "emergency access in force reads only",
        lambda w: emergency(w, expired=False),
        frozenset({R}),
        Reason.EMERGENCY,
    ),
    Row("emergency access expired", lambda w: emergency(w, expired=True), NONE),
    Row("administrator of the municipality's registers", lambda w: w.admin, NONE),
    Row(
        "team member, the case referred with consent for team discussion covering their unit",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,)),
        frozenset({R, W}),
        Reason.TEAM_REFERRAL,
    ),
    Row(
        "team member, consent for team discussion covers their kind of unit",
        lambda w: refer_to_team(w, consent_kinds=(UnitKind.CHILD_WELFARE,)),
        frozenset({R, W}),
        Reason.TEAM_REFERRAL,
    ),
    Row(
        "team member, the case referred anonymously (consent or not)",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,), anonymous=True),
        NONE,
        Reason.TEAM_REFERRAL,
        anonymous=True,
    ),
    Row(
        "team member, referred with consent that has been withdrawn",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,), withdrawn=True),
        NONE,
        Reason.TEAM_REFERRAL,
        anonymous=True,
    ),
    Row(
        "team member, the consent is for collaboration, not team discussion",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,), purpose="collaboration"),
        NONE,
        Reason.TEAM_REFERRAL,
        anonymous=True,
    ),
    Row(
        "team member, consent for team discussion covers another unit of the team",
        lambda w: refer_to_team(w, consent_units=(w.ppt,)),
        NONE,
        Reason.TEAM_REFERRAL,
        anonymous=True,
    ),
    Row(
        "team member, the team declined the referral",
        lambda w: refer_to_team(
            w, consent_units=(w.child_welfare,), status=ReferralStatus.DECLINED
        ),
        NONE,
    ),
    Row(
        "team member, the team completed its work",
        lambda w: refer_to_team(
            w, consent_units=(w.child_welfare,), status=ReferralStatus.COMPLETED
        ),
        NONE,
    ),
    Row(
        "team member for a unit they no longer work in",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,), left_unit=True),
        NONE,
    ),
    Row(
        "member of another team than the one the case is referred to",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,), other_team=True),
        NONE,
    ),
    Row(
        "team member of a deactivated team",
        lambda w: refer_to_team(w, consent_units=(w.child_welfare,), team_active=False),
        NONE,
    ),
    Row(
        "baton holder deactivated",
        holder_deactivated,
        NONE,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_access_matrix(world: World, row: Row) -> None:
    actor = row.arrange(world)
    for action in (R, W, M):
        assert can(actor, action, world.case) is (action in row.allowed), f"{row.name}: {action}"
    listed = visible_cases(actor).filter(pk=world.case.pk).exists()
    assert listed is bool(row.allowed), f"{row.name}: list and single check disagree"
    access = case_access(actor, world.case)
    assert (access.reason if access else None) == row.reason
    assert (access.anonymous if access else False) is row.anonymous
    discusses = R in row.allowed or row.anonymous
    assert can(actor, Action.DISCUSS, world.case) is discusses, f"{row.name}: discuss"


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_event_written_with_the_opening_is_what_the_policy_decides(
    world: World, row: Row
) -> None:
    """get_case_for writes its event in the statement that reads the case; each
    action's event must be the one the reasons decide (allowed, with the strongest
    reason; or refused, with the attempt), for every situation."""
    actor = row.arrange(world)
    for action in Action:
        access = case_access(actor, world.case)
        allowed = access is not None and access.allows(action)
        before = AuditEvent.objects.count()
        if allowed:
            get_case_for(actor, world.case.pk, action)
        else:
            with pytest.raises(NotFound):
                get_case_for(actor, world.case.pk, action)
        event = AuditEvent.objects.latest("id")
        assert AuditEvent.objects.count() == before + 1, f"{row.name}: {action}"
        assert (event.action, event.reason, event.changes) == (
            (str(action), str(access.reason), {})
            if allowed and access is not None
            else ("case.denied", "", {"attempted": str(action)})
        ), f"{row.name}: {action}"
        assert (
            event.actor_id,
            event.object_type,
            event.object_id,
            event.child_id,
            event.municipality_id,
        ) == (actor.pk, "cases.case", str(world.case.pk), world.child.pk, world.melhus.pk)


def test_withdrawal_takes_effect_on_the_next_check(world: World) -> None:
    consent = world.consent(units=(world.ppt,))
    assert can(world.ppt_adviser, R, world.case)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    assert not can(world.ppt_adviser, R, world.case)
    # The rest of the collaboration goes on (story S4).
    world.consent(units=(world.health_station,))
    assert can(world.nurse, R, world.case)


def test_a_refused_attempt_is_audited_and_looks_like_nothing(world: World) -> None:
    with pytest.raises(NotFound):
        get_case_for(world.ppt_adviser, world.case.pk)
    with pytest.raises(NotFound):
        get_case_for(world.ppt_adviser, world.case.pk + 1000)  # does not exist: same answer
    event = AuditEvent.objects.get(action="case.denied")
    assert (event.actor_id, event.child_id, event.changes) == (
        world.ppt_adviser.pk,
        world.child.pk,
        {"attempted": "case.read"},
    )


def test_an_allowed_opening_is_audited_with_its_reason(world: World) -> None:
    _case, access = get_case_for(world.holder, world.case.pk, Action.MANAGE)
    assert access.reason is Reason.BATON_HOLDER
    event = AuditEvent.objects.get(action="case.manage")
    assert (event.child_id, event.reason) == (world.child.pk, "baton_holder")


def test_checking_a_list_of_cases_costs_one_query(
    world: World, django_assert_num_queries: object
) -> None:
    world.consent(units=(world.health_station,))
    nurse = world.nurse
    list(visible_cases(nurse))  # warms the per-request membership cache
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert [c.pk for c in visible_cases(nurse)] == [world.case.pk]


def test_an_anonymous_team_member_discusses_but_never_reads(world: World) -> None:
    member = refer_to_team(world, anonymous=True)
    with pytest.raises(NotFound):
        get_case_for(member, world.case.pk)
    _case, access = get_case_for(member, world.case.pk, Action.DISCUSS)
    assert access.anonymous
    assert access.reason is Reason.TEAM_REFERRAL
    actions = list(
        AuditEvent.objects.filter(actor_id=member.pk).order_by("id").values_list("action", "reason")
    )
    assert actions == [("case.denied", ""), ("case.discuss", "team_referral")]


def test_the_baton_holder_on_the_team_is_never_anonymous(world: World) -> None:
    refer_to_team(world, anonymous=True, member=world.holder, member_unit=world.kindergarten)
    access = case_access(world.holder, world.case)
    assert access is not None
    assert access.reasons == {Reason.BATON_HOLDER, Reason.TEAM_REFERRAL}
    assert not access.anonymous
    assert access.allows(Action.MANAGE)
