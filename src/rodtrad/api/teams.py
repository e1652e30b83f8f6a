"""/api/v1/teams: the interdisciplinary teams an employee may refer to or sits on.

A team is seen by the employees of the municipalities it serves; a team
around one relay log (an ansvarsgruppe) by its members only. Members are
listed to the team's own members.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema

from rodtrad.api.auth import actor_of
from rodtrad.api.common import paginated
from rodtrad.api.errors import NOT_FOUND, UNAUTHENTICATED
from rodtrad.policy import teams as team_policy
from rodtrad.teams.models import Team

router = Router(tags=["teams"])


class TeamOut(Schema):
    id: int
    municipality: str = Field(description="Kommunenummer.")
    name: str
    kind: str = Field(description="The municipality's code for the kind of team.")
    kind_name: str
    level: str = Field(description="`individual` or `system`.")
    purpose: str
    leader: int = Field(description="The leader's employee id.")
    employees_may_refer: bool
    citizens_may_refer: bool = Field(
        description="Guardians and youth may contact the team directly (through the portal)."
    )
    requires_tried_measures: bool
    allows_anonymous: bool
    rhythm: str
    age_from: int
    age_to: int

    @staticmethod
    def resolve_municipality(obj: Team) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_kind(obj: Team) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: Team) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_leader(obj: Team) -> int:
        return obj.leader_id


class MemberOut(Schema):
    employee: int | None = Field(description="Empty when the unit takes part as a service.")
    unit: int
    role: str


class TeamDetailOut(TeamOut):
    members: list[MemberOut] = Field(description="Only for the team's own members; else empty.")

    @staticmethod
    def resolve_members(obj: Team) -> list[dict[str, object]]:
        members: list[dict[str, object]] = getattr(obj, "members_out", [])
        return members


def _teams(request: HttpRequest) -> QuerySet[Team]:
    return team_policy.visible_teams(actor_of(request)).select_related("municipality", "kind")


@router.get(
    "",
    response={200: list[TeamOut], **UNAUTHENTICATED},
    summary="List teams",
    description="Active teams you may refer to or sit on, ordered by name.",
)
@paginated()
def list_teams(request: HttpRequest) -> QuerySet[Team]:
    return _teams(request).filter(active=True).order_by("name", "id")


@router.get(
    "/{int:team_id}",
    response={200: TeamDetailOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a team",
)
def get_team(request: HttpRequest, team_id: int) -> Team:
    actor = actor_of(request)
    team = team_policy.get_team_for(actor, team_id)
    members = []
    if team_policy.is_member(actor, team):
        members = [
            {"employee": m.user_id, "unit": m.unit_id, "role": m.role}
            for m in team.memberships.order_by("id")
        ]
    team.members_out = members  # type: ignore[attr-defined]
    return team
