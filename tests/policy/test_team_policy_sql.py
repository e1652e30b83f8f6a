"""The team policy's plain-SQL answers agree with its querysets: the team a page
fetches (get_team_for) with visible_teams, and the cases of a page the actor
reads (readable_case_ids) with visible_cases, for every situation of the
access matrix and every employee of the world."""

from __future__ import annotations

import datetime

import pytest

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import Case
from rodtrad.people.models import Child
from rodtrad.policy import NotFound, visible_cases
from rodtrad.policy import teams as team_policy
from rodtrad.teams.models import Team
from tests.conftest import valid_birth_number
from tests.policy.conftest import World
from tests.policy.test_case_access import ROWS, Row
from tests.teams.factories import make_team

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_readable_case_ids_agrees_with_visible_cases(world: World, row: Row) -> None:
    row.arrange(world)
    other = Case.objects.create(
        municipality=world.melhus,
        child=world.child,
        holder=world.nurse,
        holder_unit=world.health_station,
        level=1,
    )
    cases = {world.case.pk, other.pk}
    for employee in world.employees:
        listed = set(visible_cases(employee).values_list("pk", flat=True)) & cases
        fresh = User.objects.get(pk=employee.pk)  # nothing kept from the list above
        assert team_policy.readable_case_ids(fresh, cases) == listed, employee.username


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_a_team_pages_list_event_names_only_the_children_it_may_name(
    world: World, row: Row
) -> None:
    """readable_and_listed answers as readable_case_ids, and its statement records
    the children of the readable cases among those the page would name, or nothing."""
    actor = row.arrange(world)
    sister = Child.objects.create(
        municipality=world.melhus,
        identity_number=valid_birth_number(2, 3, 2019),
        given_name="Ida",
        family_name="Hansen",
        birth_date=datetime.date(2019, 3, 2),
    )
    other = Case.objects.create(
        municipality=world.melhus,
        child=sister,
        holder=world.nurse,
        holder_unit=world.health_station,
        level=1,
    )
    cases = {world.case.pk, other.pk}
    named = {(world.case.pk, world.child.pk), (other.pk, sister.pk)}
    readable = team_policy.readable_case_ids(actor, cases)

    assert team_policy.readable_and_listed(actor, cases, team_id=7, named=named) == readable

    events = list(AuditEvent.objects.filter(action="referral.listed"))
    children = sorted(child for case, child in named if case in readable)
    if not children:
        assert events == []
        return
    [event] = events
    assert (event.actor_id, event.reason) == (actor.pk, "visible_cases")
    assert event.changes == {
        "team": 7,
        "shown": sorted(case for case, _ in named if case in readable),
        "children": children,
    }


def test_get_team_for_agrees_with_visible_teams(world: World) -> None:
    teams = [
        make_team(world.melhus, world.leader, world.kindergarten, name="Lokalt team"),
        make_team(
            world.melhus,
            world.ppt_adviser,
            world.ppt,
            name="Ansvarsgruppe",
            members=((world.nurse, world.health_station),),
            case=world.case,
        ),
        make_team(world.skaun, world.skaun_nurse, world.skaun_health_station, name="Skaun"),
    ]
    inactive = User.objects.get(pk=world.kindergarten_colleague.pk)
    inactive.is_active = False
    for employee in [*world.employees, inactive]:
        visible = set(team_policy.visible_teams(employee).values_list("pk", flat=True))
        for team in teams:
            fresh = User.objects.get(pk=employee.pk) if employee.is_active else inactive
            try:
                found: Team | None = team_policy.get_team_for(fresh, team.pk)
            except NotFound:
                found = None
            assert (found is not None) == (team.pk in visible), (employee.username, team.name)
            if found is not None:
                assert found.kind.name == team.kind.name
                assert found.leader == team.leader
                assert found.municipality == team.municipality
                assert team_policy.member_team_ids(fresh) == team_policy.member_team_ids(
                    User.objects.get(pk=employee.pk)
                )
