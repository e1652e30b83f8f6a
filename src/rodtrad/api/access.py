"""POST /api/v1/emergency-access and GET /api/v1/children/{id}/access-log.

Mounted at the API's root so the access log sits under /children without
touching the registers' children router (its routes are /children and
/children/{id}; this one is longer, so they never compete).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad.access.actions import do_grant_emergency_access
from rodtrad.access.models import EmergencyAccess
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, look_up, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.audit.access_log import describe_events, read_access_log
from rodtrad.audit.models import AuditEvent

router = Router(tags=["access"])


class EmergencyAccessIn(InputSchema):
    child: int = Field(description="The child's id.")
    reason: str = Field(description="Why you need access now: at least 20 characters.")


class EmergencyAccessOut(Schema):
    id: int
    child: int
    unit: int = Field(description="The unit you used it from; its leaders are told.")
    reason: str
    granted_at: datetime.datetime
    expires_at: datetime.datetime = Field(
        description="Read access to the child's relay logs ends here (the municipality's "
        "setting, default 3 hours)."
    )

    @staticmethod
    def resolve_child(obj: EmergencyAccess) -> int:
        return obj.child_id

    @staticmethod
    def resolve_unit(obj: EmergencyAccess) -> int:
        return obj.unit_id


class AccessLogEntryOut(Schema):
    occurred_at: datetime.datetime
    actor: int | None = Field(description="The employee's id; `null` for the system.")
    actor_name: str
    actor_units: list[str] = Field(description="The units the employee works in now.")
    action: str = Field(description="The event code, e.g. `case.read` or `case.denied`.")
    action_label: str = Field(description="What was done, in the request's language.")
    reason: str = Field(description="The reason for access, e.g. `baton_holder`; empty if none.")
    reason_label: str
    object_type: str
    object_id: str


@router.post(
    "/emergency-access",
    response={201: EmergencyAccessOut, **UNAUTHENTICATED, **INVALID},
    summary="Break the glass: emergency access to a child",
    description=(
        "Gives you read access to the child's relay logs until `expires_at`, with a written "
        "reason (at least 20 characters). The leaders of your unit are notified (without "
        "personal data in the notification) and the grant is in the child's access log. "
        "Only for a child in a municipality one of your units serves: any other child is "
        "answered `422` with `Child not found` on `child`, whether it exists or not."
    ),
)
def grant_emergency_access(
    request: HttpRequest, payload: EmergencyAccessIn
) -> Status[EmergencyAccess]:
    actor = actor_of(request)
    grant = look_up(
        "child",
        lambda: do_grant_emergency_access(payload.child, actor=actor, reason=payload.reason),
    )
    return Status(201, grant)


@router.get(
    "/children/{int:child_id}/access-log",
    response={200: list[AccessLogEntryOut], **UNAUTHENTICATED, **NOT_FOUND},
    summary="A child's access log",
    description=(
        "Who opened, changed or tried to open the child's data, newest first: for the baton "
        "holder of one of the child's relay logs, the leader of the holder's unit, and the "
        "administrators of the child's municipality. Anyone else gets `404`, exactly as for "
        "a child that does not exist. Reading the log is itself logged, refused attempts too."
    ),
)
@paginated()
def access_log(request: HttpRequest, child_id: int) -> list[dict[str, object]]:
    _child, events = read_access_log(child_id, actor=actor_of(request))
    return _LazyLog(events)  # type: ignore[return-value]


class _LazyLog:
    """Pagination slices the queryset; the labels and units are added per page."""

    def __init__(self, events: QuerySet[AuditEvent]) -> None:
        self.events = events

    def count(self) -> int:
        return self.events.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, object]]:
        return [
            {
                "occurred_at": line.event.occurred_at,
                "actor": line.event.actor_id,
                "actor_name": line.who,
                "actor_units": line.units,
                "action": line.event.action,
                "action_label": str(line.what),
                "reason": line.event.reason,
                "reason_label": str(line.why),
                "object_type": line.event.object_type,
                "object_id": line.event.object_id,
            }
            for line in describe_events(list(self.events[index]))
        ]
