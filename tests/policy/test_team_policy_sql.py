"""The team policy's plain-SQL answers agree with its querysets: the team a page
fetches (get_team_for) with visible_teams, and the cases of a page the actor
reads (readable_case_ids) with visible_cases, for every situation of the
access matrix and every employee of the world."""

from __future__ import annotations

import pytest

from rodtrad.accounts.models import User
from rodtrad.cases.models import Case
from rodtrad.policy import NotFound, visible_cases
from rodtrad.policy import teams as team_policy
from rodtrad.teams.models import Team
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
