"""`rodtrad generate`: teams, referrals, consents and meetings (teamwork.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.cases.models import Case, Status
from rodtrad.consent.models import Consent, Purpose
from rodtrad.demo.casework import USERNAME_PATTERN
from rodtrad.demo.generator import generated_municipalities
from rodtrad.organisation.models import Membership, Unit, UnitKind
from rodtrad.teams.models import (
    OPEN_REFERRAL_STATUSES,
    Decision,
    Meeting,
    Minutes,
    MinutesStatus,
    Referral,
    Team,
    TeamMembership,
    TeamRole,
)
from tests.conftest import logged_in_client
from tests.demo.generating import TODAY, generate

pytestmark = pytest.mark.django_db


def generated_teams() -> list[Team]:
    return list(Team.objects.filter(municipality__in=generated_municipalities()).order_by("pk"))


def team_rows() -> list[tuple[object, ...]]:
    """Everything about the teams that does not depend on primary keys."""
    return sorted(
        Referral.objects.filter(municipality__in=generated_municipalities()).values_list(
            "team__name",
            "team__municipality__number",
            "case__child__identity_number",
            "status",
            "anonymous",
            "created_at",
        )
    ) + sorted(
        Meeting.objects.filter(municipality__in=generated_municipalities())
        .annotate(items=Count("agenda_items"), decisions=Count("agenda_items__decisions"))
        .values_list("title", "starts_at", "items", "decisions")
    )


def test_every_municipality_has_a_tidlig_innsatsteam_and_a_drøftingsteam_per_school() -> None:
    output = generate()
    for municipality in generated_municipalities():
        teams = Team.objects.filter(municipality=municipality)
        assert teams.filter(kind__code="early_intervention").count() == 1
        schools = Unit.objects.filter(
            municipality=municipality, kind__in=(UnitKind.SCHOOL, UnitKind.UPPER_SECONDARY)
        )
        assert teams.filter(kind__code="discussion").count() == schools.count()
        assert teams.filter(kind__code="discussion", allows_anonymous=True).exists()
    assert "teams" in output or "team" in output


def test_members_are_generated_employees_sitting_for_a_unit_they_work_in() -> None:
    generate()
    for team in generated_teams():
        seats = list(team.memberships.select_related("user"))
        assert len(seats) >= 4
        assert [s.user_id for s in seats if s.role == TeamRole.LEADER] == [team.leader_id]
        for seat in seats:
            assert seat.user_id is not None
            assert User.objects.filter(pk=seat.user_id, username__regex=USERNAME_PATTERN).exists()
            assert Membership.objects.filter(user_id=seat.user_id, unit_id=seat.unit_id).exists()
            assert seat.unit.municipality_id == team.municipality_id or (
                seat.unit.serves.filter(pk=team.municipality_id).exists()
            )


def test_open_cases_are_referred_with_consent_or_anonymously() -> None:
    generate()
    referrals = Referral.objects.filter(municipality__in=generated_municipalities())
    assert referrals.filter(status__in=OPEN_REFERRAL_STATUSES).count() >= 20
    assert referrals.filter(anonymous=True).exists()
    for referral in referrals.select_related("case", "team", "case__child"):
        case = referral.case
        assert case.status == Status.OPEN
        assert case.municipality_id == referral.team.municipality_id
        assert referral.referred_by_id == case.holder_id
        assert referral.team.age_from <= referral.age <= referral.team.age_to
        if referral.anonymous:
            assert referral.team.allows_anonymous
            continue
        kinds = set(referral.team.memberships.values_list("unit__kind", flat=True))
        consents = Consent.objects.in_force(TODAY).filter(
            child=case.child, case=case, purpose=Purpose.TEAM_DISCUSSION
        )
        assert any(kinds <= set(c.unit_kinds) and c.parties.exists() for c in consents)


def test_a_member_reads_a_case_referred_with_consent_and_discusses_an_anonymous_one() -> None:
    generate()
    open_referrals = Referral.objects.filter(
        municipality__in=generated_municipalities(),
        status__in=OPEN_REFERRAL_STATUSES,
        team__memberships__role=TeamRole.MEMBER,
    ).select_related("case")
    for anonymous in (False, True):
        referral = open_referrals.filter(anonymous=anonymous).order_by("pk").first()
        assert referral is not None
        # A member whose own unit does not take part in the case: no other reason to read it.
        seat = (
            TeamMembership.objects.filter(team=referral.team, role=TeamRole.MEMBER)
            .exclude(user=referral.case.holder)
            .exclude(unit__case_units__case=referral.case)
        )[0]
        assert seat.user is not None
        access = policy.case_access(seat.user, referral.case)
        assert access is not None
        assert access.allows(policy.Action.DISCUSS)
        assert access.allows(policy.Action.READ) is not anonymous


def test_meetings_in_the_rhythm_with_minutes_and_decisions() -> None:
    generate()
    meetings = Meeting.objects.filter(municipality__in=generated_municipalities())
    past = meetings.filter(starts_at__date__lt=TODAY)
    upcoming = meetings.filter(starts_at__date__gte=TODAY)
    assert past.exists() and upcoming.exists()
    for team in generated_teams():
        assert team.meetings.filter(starts_at__date__gte=TODAY).exists()
        assert team.meetings.filter(starts_at__date__lt=TODAY).exists()
    # Past meetings have minutes, most approved; upcoming ones none yet.
    assert Minutes.objects.filter(meeting__in=upcoming).count() == 0
    assert Minutes.objects.filter(meeting__in=past).count() == past.count()
    approved = Minutes.objects.filter(meeting__in=past, status=MinutesStatus.APPROVED)
    assert approved.count() > past.count() // 2
    decisions = Decision.objects.filter(agenda_item__meeting__in=past)
    assert decisions.filter(done_at__isnull=True).exists()
    assert decisions.filter(done_at__isnull=False).exists()
    assert not Decision.objects.filter(agenda_item__meeting__in=upcoming).exists()
    # Each meeting invites every member.
    meeting = past.annotate(n=Count("participants")).order_by("pk").first()
    assert meeting is not None and meeting.team is not None
    assert meeting.n >= meeting.team.memberships.count()


def test_the_team_page_shows_a_members_work() -> None:
    generate()
    referral = (
        Referral.objects.filter(
            municipality__in=generated_municipalities(),
            status__in=OPEN_REFERRAL_STATUSES,
            anonymous=False,
        )
        .select_related("team", "case__child")
        .order_by("pk")
        .first()
    )
    assert referral is not None
    html = logged_in_client(referral.team.leader).get(f"/team/{referral.team_id}/")
    assert html.status_code == 200
    page = html.content.decode()
    assert referral.case.child.full_name in page
    assert f'href="/team/henvisninger/{referral.pk}/"' in page


def test_teams_only_replaces_the_teams_and_gives_the_same_again() -> None:
    generate()
    first, teams, cases = team_rows(), len(generated_teams()), Case.objects.count()
    consents = Consent.objects.filter(purpose=Purpose.TEAM_DISCUSSION).count()
    output = StringIO()
    call_command("generate", "--teams-only", today=TODAY, stdout=output)
    assert "Referrals" in output.getvalue() or "henvisninger" in output.getvalue()
    assert team_rows() == first
    assert len(generated_teams()) == teams
    assert Case.objects.count() == cases
    assert Consent.objects.filter(purpose=Purpose.TEAM_DISCUSSION).count() == consents
    generate("--replace")
    assert team_rows() == first
    assert len(generated_teams()) == teams


def test_replace_and_teams_only_leave_the_demo_teams() -> None:
    call_command("demo", stdout=StringIO())
    demo_teams = set(Team.objects.values_list("name", flat=True))
    demo_referrals = Referral.objects.count()
    generate(children=400)
    call_command("generate", "--teams-only", today=TODAY, stdout=StringIO())
    generate("--replace", children=400)
    assert (
        set(
            Team.objects.exclude(municipality__in=generated_municipalities()).values_list(
                "name", flat=True
            )
        )
        == demo_teams
    )
    assert Referral.objects.exclude(municipality__in=generated_municipalities()).count() == (
        demo_referrals
    )
    assert not Team.objects.filter(
        Q(municipality__in=generated_municipalities()) & ~Q(memberships__isnull=False)
    ).exists()


def test_teams_only_needs_a_generated_data_set() -> None:
    with pytest.raises(CommandError, match="--teams-only"):
        call_command("generate", "--teams-only", stdout=StringIO())
