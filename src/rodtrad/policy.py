"""Who may see and do what. Every view, API endpoint, export and query asks here.

This first version knows one reason: an administrator manages the
registers (units, employees, children, guardians, families, enrolments) of
the municipality that owns the unit where they hold the administrator role.
The consent-based rules for cases come with the policy/audit issue and are
added here, never in views or templates.

Denied looks like "does not exist": callers turn a None or an empty
queryset into 404, never 403, so nobody learns that a child exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

from rodtrad.organisation.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

M = TypeVar("M", bound=Model)

# Permission names, shared by pages and the API.
MANAGE_REGISTERS = "registers.manage"


def administered_municipality_ids(actor: User | AnonymousUser) -> frozenset[int]:
    """Municipalities whose registers the actor administers (cached per request object)."""
    if not actor.is_authenticated or not actor.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_administered_municipality_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=actor, role=Role.ADMINISTRATOR).values_list(
                "unit__municipality_id", flat=True
            )
        )
        actor._administered_municipality_ids = cached  # type: ignore[attr-defined]
    return cached


def can_manage_registers(actor: User | AnonymousUser, municipality_id: int | None = None) -> bool:
    """May the actor manage registers at all (no id), or those of this municipality?"""
    ids = administered_municipality_ids(actor)
    return bool(ids) if municipality_id is None else municipality_id in ids


def scope_registers(
    actor: User | AnonymousUser, queryset: QuerySet[M], municipality_path: str = "municipality"
) -> QuerySet[M]:
    """Narrow a register query to the municipalities the actor administers."""
    ids = administered_municipality_ids(actor)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{municipality_path}__in": ids})
