"""Reading a child's consents: fetched through the policy, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rodtrad.audit.log import record
from rodtrad.cases.models import Case
from rodtrad.consent.models import Consent
from rodtrad.people.models import Child
from rodtrad.policy import case_access, get_child_basic_for, visible_cases

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

# The audit reason when the actor sees the child because the child is enrolled
# in their unit, not through a relay log.
ENROLLED_UNIT = "enrolled_unit"


def child_reason(actor: User | AnonymousUser, child: Child) -> str:
    """Why the actor sees this child, for the audit log: the strongest reason
    for one of the child's relay logs, else enrolment in the actor's unit
    (visible_children allows nothing else)."""
    case = visible_cases(actor).filter(child=child).order_by("pk").first()
    access = case_access(actor, case) if case is not None else None
    return str(access.reason) if access is not None else ENROLLED_UNIT


def consents_of(child: Child) -> QuerySet[Consent]:
    """A child's consents, newest first, with what describe() and the lists read."""
    return (
        Consent.objects.filter(child=child)
        .select_related("documented_by", "withdrawal_recorded_by")
        .prefetch_related("units", "parties__guardian")
        .order_by("-created_at", "-pk")
    )


def read_consents(child_id: int, *, actor: User | AnonymousUser) -> tuple[Child, QuerySet[Consent]]:
    """The child (NotFound when out of reach) and its consents; the read is audited."""
    child = get_child_basic_for(actor, child_id)
    record(
        "consent.read",
        actor=actor,
        obj=child,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason=child_reason(actor, child),
    )
    return child, consents_of(child)


def case_for_consent(actor: User | AnonymousUser, child: Child, case_id: int) -> Case:
    """A consent may be limited to one relay log of the child that the actor
    may open; any other id is "not found" on the `case` field."""
    case = visible_cases(actor).filter(pk=case_id, child=child).first()
    if case is None:
        raise ValidationError({"case": [_("Relay log not found.")]})
    return case
