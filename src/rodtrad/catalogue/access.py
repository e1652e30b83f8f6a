"""Who sees and changes which catalogue entries. Pages, the API and the HSDS
export ask here, never decide themselves.

- Everyone, without logging in, sees the public entries that are active.
- Employees also see the internal entries of every municipality their units
  serve (they refer families to them), and inactive ones are still hidden.
- Administrators of a municipality (rodtrad.policy.can_manage_registers) see
  and change all of its entries, whatever their status.

Out of reach looks like "does not exist" (404), as everywhere else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q

from rodtrad import policy
from rodtrad.catalogue.models import Intervention, InterventionQuerySet, Provider, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

    Actor = User | AnonymousUser

# Permission names, shared by pages and the API (as in rodtrad.policy).
MANAGE_CATALOGUE = policy.MANAGE_REGISTERS


def served_municipality_ids(actor: Actor) -> frozenset[int]:
    """Municipalities served by a unit the actor is a member of (cached on the actor)."""
    if not actor.is_authenticated or not actor.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_catalogue_municipality_ids", None)
    if cached is None:
        # One plain query (it runs on every catalogue page).
        with connection.cursor() as cursor:
            cursor.execute(_SERVED_SQL, [actor.pk, actor.pk])
            cached = frozenset(row[0] for row in cursor.fetchall())
        actor._catalogue_municipality_ids = cached  # type: ignore[attr-defined]
    return cached


_SERVED_SQL = """
SELECT u.municipality_id FROM organisation_membership m
JOIN organisation_unit u ON u.id = m.unit_id WHERE m.user_id = %s
UNION
SELECT s.municipality_id FROM organisation_membership m
JOIN organisation_unit_serves s ON s.unit_id = m.unit_id WHERE m.user_id = %s
"""


def can_manage_catalogue(actor: Actor, municipality_id: int | None = None) -> bool:
    """Administrators manage the catalogue and action guide of their municipality."""
    return policy.can_manage_registers(actor, municipality_id)


def visible_interventions(actor: Actor) -> InterventionQuerySet:
    """The entries the actor may read."""
    queryset = Intervention.objects.all()
    employee_of = served_municipality_ids(actor)
    administers = policy.administered_municipality_ids(actor)
    condition = Q(is_public=True, status=Status.ACTIVE)
    if employee_of:
        condition |= Q(municipality_id__in=employee_of, status=Status.ACTIVE)
    if administers:
        condition |= Q(municipality_id__in=administers)
    return queryset.filter(condition)


def managed_interventions(actor: Actor) -> InterventionQuerySet:
    return Intervention.objects.filter(
        municipality_id__in=policy.administered_municipality_ids(actor)
    )


class Viewer(StrEnum):
    """What visible_interventions(actor) holds of one municipality depends on this
    alone, so a page built for one actor may be shown to another of the same."""

    PUBLIC = "public"  # public entries that are active
    EMPLOYEE = "employee"  # and internal ones that are active
    ADMINISTRATOR = "administrator"  # every entry, whatever its status


def viewer(actor: Actor, municipality_id: int) -> Viewer:
    if municipality_id in policy.administered_municipality_ids(actor):
        return Viewer.ADMINISTRATOR
    if municipality_id in served_municipality_ids(actor):
        return Viewer.EMPLOYEE
    return Viewer.PUBLIC


def get_intervention_for(actor: Actor, pk: int, *, write: bool = False) -> Intervention:
    """An entry the actor may read (or, with write=True, change)."""
    queryset = managed_interventions(actor) if write else visible_interventions(actor)
    intervention = (
        queryset.select_related("provider", "municipality", "provider__unit").filter(pk=pk).first()
    )
    if intervention is None:
        raise policy.NotFound(Intervention)
    return intervention


def get_provider_for(actor: Actor, pk: int) -> Provider:
    """A provider the actor may attach entries to (their own municipality's)."""
    provider = Provider.objects.filter(
        pk=pk, municipality_id__in=policy.administered_municipality_ids(actor)
    ).first()
    if provider is None:
        raise policy.NotFound(Provider)
    return provider
