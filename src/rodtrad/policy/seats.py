"""Where the actor works: their seats (unit, role, the unit's kind and the
municipalities it serves), read in one query and kept on the actor object for
the request. Every other policy question starts from these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection

from rodtrad.organisation.models import Role, UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

    Actor = User | AnonymousUser


@dataclass(frozen=True)
class Seat:
    unit_id: int
    role: str
    unit_kind: str
    municipality_id: int
    # An intermunicipal unit serves other municipalities too.
    serves: tuple[int, ...]
    # Whether the actor sits on any team (most do not: no team subqueries then).
    on_team: bool
    # For showing the employee where they work ("Mine saker").
    unit_name: str = ""
    municipality_name: str = ""

    @property
    def municipality_ids(self) -> frozenset[int]:
        return frozenset((self.municipality_id, *self.serves))

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


# The seats as one JSON array of rows: alone (for an actor read without them), or as
# a subquery of the query that reads the logged-in user on every request
# (accounts.backends), which saves a round trip per page. `{user}` is the user's id.
_SEATS_OF = """
SELECT COALESCE(json_agg(json_build_array(
         m.unit_id, m.role, u.kind, u.municipality_id,
         ARRAY(SELECT s.municipality_id FROM organisation_unit_serves s WHERE s.unit_id = u.id),
         EXISTS (SELECT 1 FROM teams_teammembership t WHERE t.user_id = m.user_id),
         u.name, mu.name)
       ORDER BY u.name, m.unit_id), '[]')
FROM organisation_membership m
JOIN organisation_unit u ON u.id = m.unit_id
JOIN organisation_municipality mu ON mu.id = u.municipality_id
WHERE m.user_id = {user}
"""


def seats_subquery(user_column: str) -> str:
    """The seats of the user whose id is in `user_column`, as a JSON array (keep())."""
    return _SEATS_OF.format(user=user_column)


def keep(actor: User, rows: list[list[Any]]) -> None:
    """Keeps the seats read by seats_subquery on the actor, for this request."""
    actor._policy_seats = tuple(  # type: ignore[attr-defined]
        Seat(unit, role, kind, municipality, tuple(serves), on_team, name, place)
        for unit, role, kind, municipality, serves, on_team, name, place in rows
    )


def active(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active)


def seats(actor: Actor) -> tuple[Seat, ...]:
    """The actor's seats; none for an anonymous or deactivated actor."""
    if not active(actor):
        return ()
    cached: tuple[Seat, ...] | None = getattr(actor, "_policy_seats", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ({seats_subquery('%s')})", [actor.pk])
            row = cursor.fetchone()
        keep(actor, row[0] if row else [])  # type: ignore[arg-type]
        cached = actor._policy_seats  # type: ignore[union-attr]
    return cached


def unit_ids(actor: Actor, *, role: str | None = None, kind: str | None = None) -> frozenset[int]:
    return frozenset(
        seat.unit_id
        for seat in seats(actor)
        if (role is None or seat.role == role) and (kind is None or seat.unit_kind == kind)
    )


def led_unit_ids(actor: Actor) -> frozenset[int]:
    return unit_ids(actor, role=Role.LEADER)


def led_municipality_ids(actor: Actor) -> frozenset[int]:
    """The municipalities of the units the actor leads (not those they serve)."""
    return frozenset(seat.municipality_id for seat in seats(actor) if seat.role == Role.LEADER)


def child_welfare_unit_ids(actor: Actor) -> frozenset[int]:
    return unit_ids(actor, kind=UnitKind.CHILD_WELFARE)


def served_municipality_ids(actor: Actor) -> frozenset[int]:
    """Municipalities served by the actor's units."""
    return frozenset(m for seat in seats(actor) for m in seat.municipality_ids)


def administered_municipality_ids(actor: Actor) -> frozenset[int]:
    """The municipalities of the units where the actor is an administrator."""
    return frozenset(
        seat.municipality_id for seat in seats(actor) if seat.role == Role.ADMINISTRATOR
    )


def on_a_team(actor: Actor) -> bool:
    return any(seat.on_team for seat in seats(actor))
