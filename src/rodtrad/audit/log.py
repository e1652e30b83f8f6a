"""Writing audit events. Call `record` in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Model

from rodtrad.audit.context import current_request_id
from rodtrad.audit.models import LISTED_CHILDREN, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User


def record(
    action: str,
    *,
    actor: User | AnonymousUser | None,
    obj: Model | None = None,
    child_id: int | None = None,
    municipality_id: int | None = None,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: `action` is a dotted code such as "child.read"."""
    event = AuditEvent(
        actor_id=actor_id(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        municipality_id=municipality_id,
        reason=reason,
        request_id=current_request_id.get(),
        changes=changes or {},
    )
    # What AuditEvent.objects.create() sends, written out: every page that shows
    # personal data writes one, and create() cost ~0.4 ms of CPU, half of it building
    # the INSERT. The trigger sets position and the hashes; the instance keeps the
    # values sent, as create() would.
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT,
            (
                event.actor_id,
                event.action,
                event.object_type,
                event.object_id,
                event.child_id,
                event.municipality_id,
                event.reason,
                event.request_id,
                connection.ops.adapt_json_value(event.changes, None),
                event.position,
                event.previous_hash,
                event.hash,
            ),
        )
        event.id, event.occurred_at = cursor.fetchone()
    event._state.adding = False
    event._state.db = connection.alias
    return event


_INSERT = """
INSERT INTO audit_auditevent (occurred_at, actor_id, action, object_type, object_id, child_id,
    municipality_id, reason, request_id, changes, position, previous_hash, hash)
VALUES (DEFAULT, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
RETURNING id, occurred_at
"""


def record_list(
    action: str,
    *,
    actor: User | AnonymousUser | None,
    child_ids: Iterable[int | None],
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """One event for a list that named several children: every child shown is in
    it, so each one's access log tells who saw them listed, without an event per
    line (a page of fifty lines was fifty rows to write, chain and index)."""
    children = sorted({child_id for child_id in child_ids if child_id is not None})
    return record(
        action, actor=actor, reason=reason, changes={**(changes or {}), LISTED_CHILDREN: children}
    )


def record_each(
    action: str,
    *,
    actor: User | AnonymousUser | None,
    object_type: str,
    about: Sequence[tuple[object, int | None, int | None]],
    reason: str = "",
) -> None:
    """One event per (object id, child id, municipality id) about objects of one
    type (a model's label_lower), as `record` would write each, in one statement:
    a list of twenty reports was twenty INSERTs, each with its own commit waiting
    for the disk."""
    if not about:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_EACH,
            event_parameters(actor)
            | {
                "action": action,
                "reason": reason,
                "type": object_type,
                "objects": [str(object_id) for object_id, _, _ in about],
                "children": [child_id for _, child_id, _ in about],
                "municipalities": [municipality_id for _, _, municipality_id in about],
            },
        )


def actor_id(actor: User | AnonymousUser | None) -> int | None:
    """Who an event names: a signed-in user, or nobody."""
    return actor.pk if actor is not None and actor.is_authenticated else None


# For a statement that writes its own event (a data-modifying CTE) where the
# event follows from what the statement reads: the columns an event's SELECT
# gives, in this order, and the parameters that name who asks and in which request.
INSERT_EVENT = """INSERT INTO audit_auditevent (actor_id, action, object_type, object_id,
    child_id, municipality_id, reason, request_id, changes, previous_hash, hash)
SELECT %(audit_actor)s, {action}, {object_type}, {object_id}, {child_id}, {municipality_id},
    {reason}, %(audit_request)s, {changes}, '', ''"""


# record_each's events, in the order given (the chain's order too); the trigger
# sets the lane, position and hashes, the column default the time.
_INSERT_EACH = (
    INSERT_EVENT.format(
        action="%(action)s",
        object_type="%(type)s",
        object_id="e.object_id",
        child_id="e.child_id",
        municipality_id="e.municipality_id",
        reason="%(reason)s",
        changes="'{}'",
    )
    + """
FROM unnest(%(objects)s::text[], %(children)s::bigint[], %(municipalities)s::bigint[])
    WITH ORDINALITY AS e(object_id, child_id, municipality_id, n)
ORDER BY e.n"""
)


def list_event_sql(action: str, reason: str, changes: str) -> str:
    """INSERT_EVENT for a list, as record_list writes it: about no one object,
    `changes` an SQL expression naming the children shown (LISTED_CHILDREN)."""
    return INSERT_EVENT.format(
        action=f"'{action}'",
        object_type="''",
        object_id="''",
        child_id="NULL",
        municipality_id="NULL",
        reason=f"'{reason}'",
        changes=changes,
    )


def event_parameters(actor: User | AnonymousUser | None) -> dict[str, Any]:
    """The values INSERT_EVENT names."""
    return {"audit_actor": actor_id(actor), "audit_request": current_request_id.get()}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Old → new for the fields that changed only."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
