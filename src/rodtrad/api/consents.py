"""/api/v1/consents: register, withdraw and list a child's consents.

The same policy and domain functions as the pages: rodtrad.policy decides
which children the caller reaches, rodtrad.consent.actions changes consents
and writes the audit events.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, look_up, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.consent.actions import do_register_consent, do_withdraw_consent
from rodtrad.consent.models import Consent, Decision, InformationCategory, Method, Purpose
from rodtrad.consent.queries import case_for_consent, consents_of, read_consents
from rodtrad.consent.rules import Answer, describe, status
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.people.models import Child

router = Router(tags=["consents"])

MESSAGE_UNIT_NOT_FOUND = _("Unit not found.")  # the api catalogue has it


class AnswerIn(InputSchema):
    guardian: int | None = Field(
        description="The guardian's id, or `null` for the child or youth themself."
    )
    decision: Decision


class ConsentIn(InputSchema):
    child: int = Field(description="The child's id.")
    purpose: Purpose
    units: list[int] = Field(
        default_factory=list,
        description="Ids of units that may take part and share (units serving the child's "
        "municipality).",
    )
    unit_kinds: list[UnitKind] = Field(
        default_factory=list, description="Every unit of these kinds may take part and share."
    )
    categories: list[InformationCategory] = Field(
        description="Which information may be shared; at least one."
    )
    answers: list[AnswerIn] = Field(
        description=(
            "Each person's answer. Below the municipality's consent age (default 16) every "
            "guardian with parental responsibility must say yes; from that age the youth "
            "alone. The youth's own answer is accepted from the municipality's voice age "
            "(default 12). Any `refused` makes the whole consent a recorded refusal."
        )
    )
    method: Method
    valid_from: datetime.date | None = Field(None, description="Default: today.")
    valid_to: datetime.date | None = Field(
        None, description="Default: the municipality's validity (12 months) from `valid_from`."
    )
    case: int | None = Field(
        None, description="Limit the consent to one relay log of the child (its id)."
    )
    youth_view: str = Field("", description="The youth's own view, in their words.")


class WithdrawIn(InputSchema):
    withdrawn_by: str = Field(description="Who withdrew it: a name and relation to the child.")
    reason: str = Field("", description="Why, if they said.")


class UnitRef(Schema):
    id: int
    name: str


class AnswerOut(Schema):
    guardian: int | None = Field(description="The guardian's id; `null` for the youth.")
    name: str
    decision: Decision


class ConsentOut(Schema):
    id: int
    child: int
    case: int | None
    purpose: Purpose
    decision: Decision
    status: str = Field(
        description="`in_force`, `withdrawn`, `expired`, `incomplete`, `refused` or "
        "`not_yet_valid`."
    )
    in_force: bool = Field(description="Whether the consent opens access today.")
    complete: bool = Field(description="Everyone who must consent has said yes.")
    units: list[UnitRef]
    unit_kinds: list[UnitKind]
    categories: list[InformationCategory]
    valid_from: datetime.date
    valid_to: datetime.date
    method: Method
    documented_by: str
    answers: list[AnswerOut]
    youth_view: str
    created_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    withdrawn_by: str
    withdrawal_reason: str
    description: list[str] = Field(
        description="What the consent covers, in plain sentences (in the request's language)."
    )

    @staticmethod
    def resolve_child(obj: Consent) -> int:
        return obj.child_id

    @staticmethod
    def resolve_case(obj: Consent) -> int | None:
        return obj.case_id

    @staticmethod
    def resolve_status(obj: Consent) -> str:
        return str(status(obj))

    @staticmethod
    def resolve_in_force(obj: Consent) -> bool:
        return obj.is_in_force()

    @staticmethod
    def resolve_units(obj: Consent) -> list[Unit]:
        return list(obj.units.all())

    @staticmethod
    def resolve_documented_by(obj: Consent) -> str:
        return str(obj.documented_by)

    @staticmethod
    def resolve_answers(obj: Consent) -> list[dict[str, object]]:
        return [
            {
                "guardian": party.guardian_id,
                "name": str(party.guardian) if party.guardian is not None else "",
                "decision": party.decision,
            }
            for party in obj.parties.all()
        ]

    @staticmethod
    def resolve_description(obj: Consent) -> list[str]:
        return describe(obj)


def _units(child: Child, ids: list[int]) -> list[Unit]:
    if not ids:
        return []
    found = {u.pk: u for u in Unit.objects.serving(child.municipality).filter(pk__in=ids)}
    if any(pk not in found for pk in ids):
        raise ValidationError({"units": [MESSAGE_UNIT_NOT_FOUND]})
    return [found[pk] for pk in dict.fromkeys(ids)]


@router.post(
    "",
    response={201: ConsentOut, **UNAUTHENTICATED, **INVALID},
    summary="Register a consent (or a refusal)",
    description=(
        "Registers the family's answer for a child you may see (the baton holder, a unit "
        "the child attends, or a unit the relay log's consent covers). Answers `201` with "
        "the consent, `id` included. A consent is never edited: a change is a new consent. "
        "When someone answers `refused`, the consent is recorded as a refusal. A child you "
        "may not see is answered `422` with `Child not found` on `child`, whether it exists "
        "or not; missing units, categories or answers, a guardian who is not the child's, "
        "or a youth's own answer below the municipality's voice age are answered `422` "
        "and nothing is saved."
    ),
)
def create_consent(request: HttpRequest, payload: ConsentIn) -> Status[Consent]:
    actor = actor_of(request)
    child = look_up("child", lambda: policy.get_child_basic_for(actor, payload.child))
    consent = do_register_consent(
        child.pk,
        actor=actor,
        purpose=payload.purpose,
        answers=[Answer(a.guardian, a.decision) for a in payload.answers],
        categories=list(dict.fromkeys(payload.categories)),
        method=payload.method,
        units=_units(child, payload.units),
        unit_kinds=list(dict.fromkeys(payload.unit_kinds)),
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        case=case_for_consent(actor, child, payload.case) if payload.case is not None else None,
        youth_view=payload.youth_view,
    )
    return Status(201, consents_of(child).get(pk=consent.pk))


@router.post(
    "/{int:consent_id}/withdraw",
    response={200: ConsentOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Withdraw a consent",
    description=(
        "Withdraws the consent at once: from this request on, the access it gave is gone. "
        "The consent itself is kept, stamped with when, by whom and why. A consent already "
        "withdrawn, or a refusal, is answered `422`."
    ),
)
def withdraw_consent(request: HttpRequest, consent_id: int, payload: WithdrawIn) -> Consent:
    actor = actor_of(request)
    consent = do_withdraw_consent(
        consent_id, actor=actor, withdrawn_by=payload.withdrawn_by, reason=payload.reason
    )
    return consents_of(consent.child).get(pk=consent.pk)


@router.get(
    "",
    response={200: list[ConsentOut], **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="List a child's consents",
    description=(
        "Every consent registered for the child given as `?child=<id>` (required), "
        "newest first, withdrawn, expired and refused ones included (history is never "
        "overwritten), each with `in_force` and a plain-language `description`. A child "
        "you may not see is answered `404`, exactly like one that does not exist. The "
        "read is written to the audit log."
    ),
)
@paginated()
def list_consents(request: HttpRequest, child: int) -> QuerySet[Consent]:
    _child, consents = read_consents(child, actor=actor_of(request))
    return consents
