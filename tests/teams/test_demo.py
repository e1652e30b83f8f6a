"""The demo's teams: the kinds of the source documents, leaders and members."""

from __future__ import annotations

import pytest

from rodtrad.demo.loader import load_demo
from rodtrad.demo.teams import TEAMS
from rodtrad.teams.models import Team, TeamKind, TeamMembership, TeamRole

pytestmark = pytest.mark.django_db


def _rows() -> list[tuple[object, ...]]:
    return sorted(
        TeamMembership.objects.values_list("team__name", "user__username", "unit__name", "role")
    )


def test_it_loads_the_teams_of_the_source_documents_with_leaders_and_members() -> None:
    load_demo()
    names = set(Team.objects.values_list("name", flat=True))
    assert "Drøftingsteam for barn og unge" in names
    assert "Tidlig innsatsteam Fjellvik" in names
    # The ansvarsgruppe waits for Sara's relay log: a team around a child needs one.
    expected = {t.name for t in TEAMS if t.child is None}
    assert expected <= names
    discussion = Team.objects.get(name="Drøftingsteam for barn og unge")
    assert discussion.allows_anonymous and discussion.requires_tried_measures
    assert discussion.kind.name == "Drøftingsteam"
    assert discussion.leader.username == "fatima"
    leaders = TeamMembership.objects.filter(team=discussion, role=TeamRole.LEADER)
    assert [m.user.username for m in leaders if m.user] == ["fatima"]
    assert TeamMembership.objects.filter(team=discussion).count() >= 5
    assert TeamKind.objects.filter(code="prevention", level="system").exists()


def test_it_changes_nothing_when_run_twice() -> None:
    load_demo()
    before = (_rows(), sorted(Team.objects.values_list("name", "version")))
    load_demo()
    assert (_rows(), sorted(Team.objects.values_list("name", "version"))) == before
