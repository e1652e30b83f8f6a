"""The demo's teams (rodtrad.demo.teams) as rows: kinds per municipality named
as the source documents name them, each team with its leader and members.

Idempotent: found by name, only written when something differs. A team
around one child (an ansvarsgruppe) is created only when the child has an
open relay log to tie it to, so that it is seen by its members alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rodtrad.accounts.models import User
from rodtrad.cases.models import Case, Status
from rodtrad.demo.teams import TEAMS, DemoTeamKind
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.teams.models import Rhythm, Team, TeamKind, TeamLevel, TeamMembership, TeamRole


@dataclass(frozen=True)
class KindSpec:
    name: str
    level: str = TeamLevel.INDIVIDUAL
    rhythm: str = Rhythm.MONTHLY
    ages: tuple[int, int] = (0, 24)
    anonymous: bool = False
    tried_first: bool = False
    citizens: bool = False
    description: str = ""


KINDS: dict[DemoTeamKind, KindSpec] = {
    DemoTeamKind.LOCAL_INTERDISCIPLINARY: KindSpec(
        "Lokalt tverrfaglig team",
        ages=(0, 16),
        description="Den viktigste arenaen for barn som trenger tidlig innsats (Melhus).",
    ),
    DemoTeamKind.DISCUSSION: KindSpec(
        "Drøftingsteam",
        rhythm=Rhythm.SEVERAL_MONTHLY,
        ages=(0, 20),
        anonymous=True,
        tried_first=True,
        description="Saker drøftes med samtykke, eller anonymt (Melhus).",
    ),
    DemoTeamKind.HELP: KindSpec("Hjelpeteam", rhythm=Rhythm.HALF_YEARLY),
    DemoTeamKind.COORDINATING: KindSpec("Koordinerende team", rhythm=Rhythm.FORTNIGHTLY),
    DemoTeamKind.MEASURES: KindSpec("Tiltaksteam", ages=(13, 16)),
    DemoTeamKind.INTERVENTION: KindSpec("Innsatsteam"),
    DemoTeamKind.EARLY_INTERVENTION: KindSpec("Tidlig innsatsteam", ages=(0, 18), citizens=True),
    DemoTeamKind.PREVENTION: KindSpec(
        "Kommunalt forebyggende team (KFT)", level=TeamLevel.SYSTEM, rhythm=Rhythm.QUARTERLY
    ),
    DemoTeamKind.RESPONSIBILITY_GROUP: KindSpec("Ansvarsgruppe", rhythm=Rhythm.AS_NEEDED),
}


def _seat(user: User, municipality: Municipality) -> Unit | None:
    """The unit a user sits on a team for: their first unit serving the municipality."""
    return (
        Unit.objects.serving(municipality)
        .filter(memberships__user=user)
        .order_by("memberships__id")
        .first()
    )


def _kind(municipality: Municipality, code: DemoTeamKind) -> TeamKind:
    spec = KINDS[code]
    kind, _created = TeamKind.objects.update_or_create(
        municipality=municipality,
        code=str(code),
        defaults={
            "name": spec.name,
            "level": spec.level,
            "description": spec.description,
            "allows_anonymous": spec.anonymous,
            "requires_tried_measures": spec.tried_first,
        },
    )
    return kind


def _case_of(municipality: Municipality, child_name: str) -> Case | None:
    given, _sep, family = child_name.partition(" ")
    return Case.objects.filter(
        municipality=municipality,
        child__given_name=given,
        child__family_name=family,
        status=Status.OPEN,
    ).first()


def load_teams_demo(municipalities: dict[str, Municipality], users: dict[str, User]) -> list[Team]:
    """Create or bring up to date the demo's teams; returns them."""
    loaded = []
    for spec in TEAMS:
        municipality = municipalities[spec.municipality]
        case = _case_of(municipality, spec.child) if spec.child else None
        if spec.child and case is None:
            continue
        kind_spec = KINDS[spec.kind]
        leader = users[spec.leader]
        team, _created = Team.objects.update_or_create(
            municipality=municipality,
            name=spec.name,
            defaults={
                "kind": _kind(municipality, spec.kind),
                "level": kind_spec.level,
                "purpose": spec.purpose,
                "leader": leader,
                "case": case,
                "citizens_may_refer": kind_spec.citizens,
                "requires_tried_measures": kind_spec.tried_first,
                "allows_anonymous": kind_spec.anonymous,
                "rhythm": kind_spec.rhythm,
                "age_from": kind_spec.ages[0],
                "age_to": kind_spec.ages[1],
            },
        )
        for username in (spec.leader, *spec.members):
            user = users[username]
            unit = _seat(user, municipality)
            if unit is None:
                continue
            role = TeamRole.LEADER if username == spec.leader else TeamRole.MEMBER
            TeamMembership.objects.update_or_create(
                team=team, user=user, defaults={"unit": unit, "role": role}
            )
        loaded.append(team)
    return loaded
