"""Writing audit events. Call `record` in the same transaction as the change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model

from rodtrad.audit.context import current_request_id
from rodtrad.audit.models import AuditEvent

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
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        municipality_id=municipality_id,
        reason=reason,
        request_id=current_request_id.get(),
        changes=changes or {},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Old → new for the fields that changed only."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
