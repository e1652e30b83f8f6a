"""A child's access log: who read or changed the child's data, when and why,
and who saw the child named in a list.

Those whose data is processed have a right to see who accessed it (Normen);
employees responsible for the child see it here, the family with the portal.
Looking at the log is itself logged, and so is a refused attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

from rodtrad.audit.labels import action_label, reason_label
from rodtrad.audit.log import record
from rodtrad.audit.models import LISTED_CHILDREN, AuditEvent
from rodtrad.organisation.models import Membership
from rodtrad.people.models import Child
from rodtrad.policy import NotFound, can_view_access_log

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

# The audit reason for reading a child's access log.
ACCESS_LOG_REASON = "access_log"


def read_access_log(
    child_id: int, *, actor: User | AnonymousUser
) -> tuple[Child, QuerySet[AuditEvent]]:
    """The child and its events, newest first. NotFound for a child that does
    not exist or whose log the actor may not see; the attempt is audited."""
    child = Child.objects.select_related("municipality").filter(pk=child_id).first()
    if child is None:
        raise NotFound(Child)
    allowed = can_view_access_log(actor, child)
    record(
        "audit.access_log_read" if allowed else "audit.access_log_denied",
        actor=actor,
        obj=child,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason=ACCESS_LOG_REASON if allowed else "",
    )
    if not allowed:
        raise NotFound(Child)
    # Its own events, and the lists that showed it (a search, Mine saker, a page
    # of a register): each by its own index.
    listed = Q(changes__has_key=LISTED_CHILDREN) & Q(
        **{f"changes__{LISTED_CHILDREN}__contains": [child.pk]}
    )
    events = (
        AuditEvent.objects.filter(Q(child_id=child.pk) | listed)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
    return child, events


@dataclass(frozen=True)
class LogLine:
    """One event as the log shows it."""

    event: AuditEvent
    who: str
    units: list[str]
    what: StrOrPromise
    why: StrOrPromise

    @property
    def when(self) -> datetime.datetime:
        return self.event.occurred_at


def describe_events(events: Sequence[AuditEvent]) -> list[LogLine]:
    """Labels and the actors' units for a page of events, in one more query."""
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    units: dict[int, list[str]] = {}
    for membership in (
        Membership.objects.filter(user_id__in=actor_ids)
        .select_related("unit")
        .order_by("unit__name")
    ):
        units.setdefault(membership.user_id, []).append(membership.unit.name)
    return [
        LogLine(
            event=event,
            who=str(event.actor) if event.actor is not None else gettext("Rød tråd (automatic)"),
            units=units.get(event.actor_id or 0, []),
            what=action_label(event.action),
            why=reason_label(event.reason, event.action),
        )
        for event in events
    ]
