"""Breaking the glass: emergency access with a reason, a time limit and a witness."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.access.models import EmergencyAccess
from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.notifications.actions import do_notify
from rodtrad.organisation.models import Role, Unit
from rodtrad.people.models import Child
from rodtrad.policy import NotFound, member_unit_ids

MINIMUM_REASON_LENGTH = 20


@transaction.atomic
def do_grant_emergency_access(
    child_id: int, *, actor: User, reason: str, now: datetime.datetime | None = None
) -> EmergencyAccess:
    """Only for a child in a municipality one of the actor's units serves;
    anyone else gets NotFound, as if the child did not exist."""
    moment = now or timezone.now()
    child = Child.objects.select_related("municipality").filter(pk=child_id).first()
    unit = (
        Unit.objects.serving(child.municipality)
        .filter(id__in=member_unit_ids(actor))
        .order_by("pk")
        .first()
        if child is not None
        else None
    )
    if child is None or unit is None:
        raise NotFound(Child)
    if len(reason.strip()) < MINIMUM_REASON_LENGTH:
        raise ValidationError(
            {"reason": [_("Write why you need emergency access, in at least 20 characters.")]}
        )
    grant = EmergencyAccess.objects.create(
        municipality=child.municipality,
        actor=actor,
        unit=unit,
        child=child,
        reason=reason.strip(),
        granted_at=moment,
        expires_at=moment + datetime.timedelta(hours=child.municipality.emergency_access_hours),
    )
    record(
        "access.emergency_granted",
        actor=actor,
        obj=grant,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason="emergency",
        changes={
            "reason": [None, grant.reason],
            "expires_at": [None, grant.expires_at.isoformat()],
        },
    )
    leaders = User.objects.filter(
        memberships__unit=unit, memberships__role=Role.LEADER, is_active=True
    ).exclude(pk=actor.pk)
    do_notify(
        leaders,
        kind="access.emergency_granted",
        title=_("Emergency access was used in your unit"),
        link=reverse("access:emergency_detail", args=[grant.pk]),
    )
    return grant


def active_emergency_access(
    actor: User, child: Child, now: datetime.datetime | None = None
) -> EmergencyAccess | None:
    moment = now or timezone.now()
    return EmergencyAccess.objects.filter(
        actor=actor, child=child, granted_at__lte=moment, expires_at__gt=moment
    ).first()
