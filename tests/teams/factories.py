"""Teams and referrals as rows, for tests that are about something else
(access rules, pages). The do_ functions are tested on their own."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.consent.models import Consent, ConsentParty, Decision, InformationCategory, Method
from rodtrad.organisation.models import Membership, Municipality, Unit
from rodtrad.teams.models import (
    Referral,
    ReferralStatus,
    Team,
    TeamKind,
    TeamLevel,
    TeamMembership,
    TeamRole,
)

if TYPE_CHECKING:
    from rodtrad.cases.models import Case
    from rodtrad.people.models import Child
    from tests.policy.conftest import World


def make_kind(municipality: Municipality, code: str = "discussion", **values: object) -> TeamKind:
    defaults: dict[str, object] = {"name": {"discussion": "Drøftingsteam"}.get(code, code.title())}
    defaults.update(values)
    kind, _created = TeamKind.objects.get_or_create(
        municipality=municipality, code=code, defaults=defaults
    )
    return kind


def make_team(
    municipality: Municipality,
    leader: User,
    leader_unit: Unit,
    *,
    name: str = "Drøftingsteam for barn og unge",
    members: tuple[tuple[User, Unit], ...] = (),
    kind: TeamKind | None = None,
    **values: object,
) -> Team:
    team = Team.objects.create(
        municipality=municipality,
        kind=kind or make_kind(municipality),
        name=name,
        level=TeamLevel.INDIVIDUAL,
        leader=leader,
        **values,
    )
    TeamMembership.objects.create(team=team, user=leader, unit=leader_unit, role=TeamRole.LEADER)
    for user, unit in members:
        TeamMembership.objects.create(team=team, user=user, unit=unit)
    return team


def team_consent(
    child: Child,
    documented_by: User,
    *,
    units: tuple[Unit, ...] = (),
    kinds: tuple[str, ...] = (),
    purpose: str = "team_discussion",
    withdrawn: bool = False,
    case: Case | None = None,
) -> Consent:
    """A consent in force as do_register_consent leaves it (one guardian answers for all)."""
    today = timezone.localdate()
    consent = Consent.objects.create(
        municipality=child.municipality,
        child=child,
        case=case,
        purpose=purpose,
        decision=Decision.GIVEN,
        unit_kinds=list(kinds),
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        valid_from=today,
        valid_to=today + datetime.timedelta(days=365),
        method=Method.PAPER,
        documented_by=documented_by,
        complete=True,
        withdrawn_at=timezone.now() if withdrawn else None,
    )
    consent.units.set(units)
    guardian = child.guardians.first()
    ConsentParty.objects.create(
        consent=consent, guardian=guardian, is_child=guardian is None, decision=Decision.GIVEN
    )
    return consent


def refer_to_team(
    world: World,
    *,
    consent_units: tuple[Unit, ...] = (),
    consent_kinds: tuple[str, ...] = (),
    anonymous: bool = False,
    withdrawn: bool = False,
    purpose: str = "team_discussion",
    status: str = ReferralStatus.ACCEPTED,
    member: User | None = None,
    member_unit: Unit | None = None,
    left_unit: bool = False,
    other_team: bool = False,
    team_active: bool = True,
) -> User:
    """Emil's case referred to the drøftingsteam, led by PPT, with the child
    welfare worker (or `member`) on it. Returns the member."""
    member = member or world.child_welfare_worker
    member_unit = member_unit or world.child_welfare
    team = make_team(
        world.melhus,
        world.ppt_adviser,
        world.ppt,
        members=() if other_team else ((member, member_unit),),
        active=team_active,
    )
    if other_team:
        make_team(
            world.melhus,
            world.nurse,
            world.health_station,
            name="Hjelpeteam",
            members=((member, member_unit),),
        )
    if consent_units or consent_kinds:
        team_consent(
            world.child,
            world.holder,
            units=consent_units,
            kinds=consent_kinds,
            purpose=purpose,
            withdrawn=withdrawn,
        )
    Referral.objects.create(
        municipality=world.melhus,
        team=team,
        case=world.case,
        referred_by=world.holder,
        referred_by_unit=world.kindergarten,
        reason="Trenger råd om videre tiltak.",
        anonymous=anonymous,
        age=4,
        status=status,
    )
    if left_unit:
        Membership.objects.filter(user=member, unit=member_unit).delete()
    return member
