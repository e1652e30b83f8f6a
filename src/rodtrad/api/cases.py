"""/api/v1/cases: relay logs (stafettlogger), their timeline, action plan and handovers.

Every route fetches the case through policy.get_case_for with the action it
needs (READ, WRITE, MANAGE; answering a handover: ANSWER_HANDOVER) and
changes it through the same do_ functions as the pages, so the audit log and
the rules are the same. A case out of reach answers 404 like one that never
existed.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Router, Schema
from ninja.params.functions import Query as query_param
from ninja.responses import Status

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.api.audited import audited
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, optional, paginated
from rodtrad.api.errors import (
    INVALID,
    NOT_FOUND,
    UNAUTHENTICATED,
    ErrorOut,
    error_body,
    not_found_message,
)
from rodtrad.cases import actions, queries
from rodtrad.cases.models import (
    Case,
    Category,
    ConversationWith,
    Entry,
    EntryKind,
    Evaluation,
    EvaluationDecision,
    Handover,
    HandoverStatus,
    LeaderDecision,
    Measure,
    MeasureStatus,
)
from rodtrad.organisation.models import Unit
from rodtrad.people.models import Child
from rodtrad.policy import Action, NotFound

router = Router(tags=["cases"])

CONFLICT = {409: ErrorOut}

VERSION_DESCRIPTION = (
    "The `version` you read. When someone else has saved since, the answer is `409` "
    "and nothing is saved: read it again and send your change with the new version."
)


def install_conflict_handler(api: NinjaAPI) -> None:
    """A save over someone else's newer save answers 409 (optimistic locking)."""

    @api.exception_handler(actions.StaleVersion)
    def stale(request: HttpRequest, exc: actions.StaleVersion) -> HttpResponse:
        return api.create_response(request, error_body(exc.messages[0]), status=409)


# -- schemas -----------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


def _user_ref(user: User | None) -> dict[str, Any] | None:
    return {"id": user.pk, "name": str(user)} if user is not None else None


def _unit_ref(unit: Unit | None) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


class ChildRef(Schema):
    id: int
    given_name: str
    family_name: str
    birth_date: datetime.date


class CaseSummary(Schema):
    id: int
    child: ChildRef
    municipality: str = Field(description="Kommunenummer.")
    level: int = Field(description="BTI level 0–3.")
    status: str = Field(description="`open` or `closed`.")
    holder: Ref | None = Field(description="The baton holder (stafettholder).")
    holder_unit: Ref | None
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    version: int = Field(
        description="For optimistic locking: send it back when you change the case."
    )

    @staticmethod
    def resolve_municipality(obj: Case) -> str:
        return obj.municipality.number

    @staticmethod
    def resolve_holder(obj: Case) -> dict[str, Any] | None:
        return _user_ref(obj.holder)

    @staticmethod
    def resolve_holder_unit(obj: Case) -> dict[str, Any] | None:
        return _unit_ref(obj.holder_unit)


class CaseOut(CaseSummary):
    units: list[Ref] = Field(description="The units taking part.")
    access: list[str] = Field(description="Why you may see the case (policy reasons).")
    leader_review_requested_at: datetime.datetime | None

    @staticmethod
    def resolve_units(obj: Case) -> list[dict[str, Any]]:
        return [{"id": u.pk, "name": u.name} for u in obj.units.order_by("name")]

    @staticmethod
    def resolve_access(obj: Case) -> list[str]:
        access = getattr(obj, "_access", None)
        return sorted(str(r) for r in access.reasons) if access is not None else []


class CaseIn(InputSchema):
    child: int = Field(description="The child's id; a child you may see.")
    unit: int = Field(description="One of your own units: you hold the baton for it.")
    concern: str = Field(description="What you wonder or worry about (undring/bekymring).")
    occurred_on: datetime.date | None = Field(
        None, description="When you saw it; today if left out."
    )
    categories: list[Category] = Field(default_factory=list)


class EntryOut(Schema):
    id: int
    kind: EntryKind
    author: Ref
    author_unit: Ref | None
    created_at: datetime.datetime
    occurred_on: datetime.date | None
    text: str = Field(description="The employee's own words: what they saw, their assessment.")
    categories: list[str]
    conversation_with: str
    child_words: str = Field(description="The child's own words, kept apart.")
    guardians_view: str = Field(description="The guardians' view, kept apart.")
    leader_decision: str
    decided_by: Ref | None
    level_from: int | None
    level_to: int | None
    unit: Ref | None
    measure: int | None = Field(description="The measure's id, for measure and evaluation entries.")
    evaluation: int | None
    handover: int | None
    handover_status: str
    version: int

    @staticmethod
    def resolve_author(obj: Entry) -> dict[str, Any] | None:
        return _user_ref(obj.author)

    @staticmethod
    def resolve_author_unit(obj: Entry) -> dict[str, Any] | None:
        return _unit_ref(obj.author_unit)

    @staticmethod
    def resolve_decided_by(obj: Entry) -> dict[str, Any] | None:
        return _user_ref(obj.decided_by)

    @staticmethod
    def resolve_unit(obj: Entry) -> dict[str, Any] | None:
        return _unit_ref(obj.unit)

    @staticmethod
    def resolve_measure(obj: Entry) -> int | None:
        return obj.measure_id

    @staticmethod
    def resolve_evaluation(obj: Entry) -> int | None:
        return obj.evaluation_id

    @staticmethod
    def resolve_handover(obj: Entry) -> int | None:
        return obj.handover_id


WrittenKind = Literal["concern", "observation", "bright_spot", "conversation", "note"]


class EntryIn(InputSchema):
    kind: WrittenKind = Field(
        description="`concern`, `observation`, `bright_spot` (lysglimt), `conversation` or `note`."
    )
    text: str = ""
    occurred_on: datetime.date | None = None
    categories: list[Category] = Field(
        default_factory=list, description="Needed for observations and bright spots."
    )
    conversation_with: ConversationWith | Literal[""] = ""
    child_words: str = ""
    guardians_view: str = ""


class EntryPatch(InputSchema):
    """Only the author changes an entry they wrote; only the fields sent change."""

    version: int = Field(description=VERSION_DESCRIPTION)
    text: str = optional()
    occurred_on: datetime.date = optional()
    categories: list[Category] = optional()
    conversation_with: ConversationWith = optional()
    child_words: str = optional()
    guardians_view: str = optional()


class MeasureOut(Schema):
    id: int
    goal: str
    description: str
    responsible: Ref
    responsible_unit: Ref
    starts_on: datetime.date
    evaluate_on: datetime.date
    intervention: str
    status: MeasureStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_responsible(obj: Measure) -> dict[str, Any] | None:
        return _user_ref(obj.responsible)

    @staticmethod
    def resolve_responsible_unit(obj: Measure) -> dict[str, Any] | None:
        return _unit_ref(obj.responsible_unit)


class MeasureIn(InputSchema):
    goal: str
    description: str = ""
    responsible: int = Field(description="An employee of the responsible unit.")
    responsible_unit: int = Field(description="A unit taking part in the case.")
    starts_on: datetime.date
    evaluate_on: datetime.date
    intervention: str = Field("", description="The intervention from the catalogue, as text.")
    status: MeasureStatus = MeasureStatus.ACTIVE


class MeasurePatch(InputSchema):
    version: int = Field(description=VERSION_DESCRIPTION)
    goal: str = optional()
    description: str = optional()
    responsible: int = optional()
    responsible_unit: int = optional()
    starts_on: datetime.date = optional()
    evaluate_on: datetime.date = optional()
    intervention: str = optional()
    status: MeasureStatus = optional()


class EvaluationOut(Schema):
    id: int
    measure: int | None = Field(description="The measure evaluated; null for the whole plan.")
    held_on: datetime.date
    participants: str
    child_took_part: bool
    guardians_took_part: bool
    child_view: str
    guardians_view: str
    result: int = Field(
        description="1 worse, 2 no change, 3 somewhat better, 4 much better, 5 goal reached."
    )
    decision: EvaluationDecision
    notes: str
    next_evaluate_on: datetime.date | None
    author: Ref
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_measure(obj: Evaluation) -> int | None:
        return obj.measure_id

    @staticmethod
    def resolve_author(obj: Evaluation) -> dict[str, Any] | None:
        return _user_ref(obj.author)


class EvaluationIn(InputSchema):
    measure: int | None = Field(None, description="Leave out to evaluate the whole plan.")
    held_on: datetime.date
    participants: str
    child_took_part: bool = False
    guardians_took_part: bool = False
    child_view: str = ""
    guardians_view: str = ""
    result: int = Field(ge=1, le=5)
    decision: EvaluationDecision = Field(
        description="`continue`, `adjust` (both need `next_evaluate_on`), `close`, "
        "`level_up` or `level_down` (the baton holder only)."
    )
    notes: str = ""
    next_evaluate_on: datetime.date | None = None


class EvaluationPatch(InputSchema):
    """Corrects the words; the decision has taken effect and stays."""

    version: int = Field(description=VERSION_DESCRIPTION)
    held_on: datetime.date = optional()
    participants: str = optional()
    child_took_part: bool = optional()
    guardians_took_part: bool = optional()
    child_view: str = optional()
    guardians_view: str = optional()
    result: int = optional()
    notes: str = optional()


class HandoverOut(Schema):
    id: int
    from_user: Ref
    from_unit: Ref
    to_user: Ref
    to_unit: Ref
    message: str
    status: HandoverStatus
    decline_reason: str
    offered_at: datetime.datetime
    answered_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_from_user(obj: Handover) -> dict[str, Any] | None:
        return _user_ref(obj.from_user)

    @staticmethod
    def resolve_from_unit(obj: Handover) -> dict[str, Any] | None:
        return _unit_ref(obj.from_unit)

    @staticmethod
    def resolve_to_user(obj: Handover) -> dict[str, Any] | None:
        return _user_ref(obj.to_user)

    @staticmethod
    def resolve_to_unit(obj: Handover) -> dict[str, Any] | None:
        return _unit_ref(obj.to_unit)


class HandoverIn(InputSchema):
    to_user: int = Field(description="The employee offered the baton.")
    to_unit: int = Field(description="Their unit, which takes over.")
    message: str = ""
    version: int | None = Field(None, description="The case's version you read.")


class AnswerIn(InputSchema):
    version: int | None = Field(None, description="The handover's version you read.")


class DeclineIn(InputSchema):
    reason: str
    version: int | None = Field(None, description="The handover's version you read.")


class LevelIn(InputSchema):
    level: int = Field(ge=0, le=3)
    reason: str = Field(description="Kept in the timeline.")
    version: int = Field(description="The case's version you read.")


class UnitIn(InputSchema):
    unit: int = Field(description="A unit the family's consent for collaboration covers.")


class LeaderReviewIn(InputSchema):
    text: str = ""


class LeaderDecisionIn(InputSchema):
    decision: LeaderDecision
    text: str = ""
    decided_by: int | None = Field(
        None, description="A leader of the baton holder's unit; you, when left out."
    )


class CloseIn(InputSchema):
    reason: str
    guardians_informed: bool = Field(description="Must be true: the guardians know.")
    version: int = Field(description="The case's version you read.")


class ReopenIn(InputSchema):
    reason: str
    version: int = Field(description="The case's version you read.")


# -- routes ------------------------------------------------------------------------------


def _case_for(request: HttpRequest, case_id: int, action: Action = Action.READ) -> Case:
    case, access = policy.get_case_for(actor_of(request), case_id, action)
    case._access = access  # type: ignore[attr-defined]
    return case


def _fresh(request: HttpRequest, case_id: int) -> Case:
    """The case as it is after a change (read again, audited as a read)."""
    return _case_for(request, case_id)


@router.get(
    "",
    response={200: list[CaseSummary], **UNAUTHENTICATED},
    summary="List relay logs",
    description=(
        "The relay logs you may open (policy.visible_cases): as baton holder, leader of "
        "the holder's unit, a consented participating unit, or emergency access. Filter "
        "with `status=open|closed` and `level=0..3`. Each page is written to the audit log "
        "(`case.listed`), and each child's access log shows it."
    ),
)
@paginated()
def list_cases(
    request: HttpRequest, status: str | None = None, level: int | None = None
) -> QuerySet[Case]:
    actor = actor_of(request)
    cases = policy.visible_cases(actor).select_related(
        "child", "municipality", "holder", "holder_unit"
    )
    if status:
        cases = cases.filter(status=status)
    if level is not None:
        cases = cases.filter(level=level)
    return audited(
        cases.order_by("-opened_at", "-id"),
        actor=actor,
        action="case.listed",
        reason=policy.LISTED_VISIBLE,
        children_of=lambda page: [case.child_id for case in page],
    )


@router.post(
    "",
    response={201: CaseOut, **UNAUTHENTICATED, **INVALID},
    summary="Open a relay log (level 0)",
    description=(
        "Opens a level-0 relay log for a child you may see, in one of your own units; you "
        "hold the baton and your unit takes part. A child you may not see answers `422` "
        "with `Child not found` on `child`."
    ),
)
def create_case(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    actor = actor_of(request)
    try:
        case = actions.do_open_case(
            actor=actor,
            child_id=payload.child,
            unit_id=payload.unit,
            concern=payload.concern,
            occurred_on=payload.occurred_on,
            categories=[str(c) for c in payload.categories],
        )
    except NotFound:
        raise ValidationError({"child": [not_found_message(Child)]}) from None
    return Status(201, _fresh(request, case.pk))


@router.get(
    "/{int:case_id}",
    response={200: CaseOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a relay log",
)
def get_case(request: HttpRequest, case_id: int) -> Case:
    return _case_for(request, case_id)


# entries


@router.get(
    "/{int:case_id}/entries",
    response={200: list[EntryOut], **UNAUTHENTICATED, **NOT_FOUND},
    summary="The timeline",
    description="Every entry in the order it was written; `kind` (repeatable) filters.",
)
@paginated()
def list_entries(
    request: HttpRequest,
    case_id: int,
    kind: list[str] | None = query_param(None, description="Entry kinds to show (repeatable)."),  # noqa: B008
) -> QuerySet[Entry]:
    case = _case_for(request, case_id)
    return queries.timeline(case, [k for k in kind or [] if k in EntryKind.values] or None)


@router.post(
    "/{int:case_id}/entries",
    response={201: EntryOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Write in the timeline",
    description=(
        "A concern, an observation, a bright spot (lysglimt), a conversation (the child's "
        "own words and the guardians' view apart from your assessment) or a note."
    ),
)
def create_entry(request: HttpRequest, case_id: int, payload: EntryIn) -> Status[Entry]:
    data = payload.model_dump()
    data["categories"] = [str(c) for c in data["categories"]]
    entry = actions.do_add_entry(case_id, actor=actor_of(request), **data)
    return Status(201, queries.timeline(entry.case).get(pk=entry.pk))


@router.patch(
    "/{int:case_id}/entries/{int:entry_id}",
    response={200: EntryOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Correct an entry you wrote",
)
def update_entry(request: HttpRequest, case_id: int, entry_id: int, payload: EntryPatch) -> Entry:
    if not Entry.objects.filter(pk=entry_id, case_id=case_id).exists():
        _case_for(request, case_id)  # a 404 for the case first, audited
        raise NotFound(Entry)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if "categories" in changes:
        changes["categories"] = [str(c) for c in changes["categories"]]
    entry = actions.do_update_entry(entry_id, actor=actor_of(request), version=version, **changes)
    return queries.timeline(entry.case).get(pk=entry.pk)


# measures


@router.get(
    "/{int:case_id}/measures",
    response={200: list[MeasureOut], **UNAUTHENTICATED, **NOT_FOUND},
    summary="The action plan's measures",
)
def list_measures(request: HttpRequest, case_id: int) -> list[Measure]:
    return list(queries.measures(_case_for(request, case_id)))


@router.post(
    "/{int:case_id}/measures",
    response={201: MeasureOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Add a measure",
)
def create_measure(request: HttpRequest, case_id: int, payload: MeasureIn) -> Status[Measure]:
    measure = actions.do_add_measure(
        case_id,
        actor=actor_of(request),
        goal=payload.goal,
        description=payload.description,
        responsible_id=payload.responsible,
        responsible_unit_id=payload.responsible_unit,
        starts_on=payload.starts_on,
        evaluate_on=payload.evaluate_on,
        intervention=payload.intervention,
        status=str(payload.status),
    )
    return Status(201, queries.measures(measure.case).get(pk=measure.pk))


@router.get(
    "/{int:case_id}/measures/{int:measure_id}",
    response={200: MeasureOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a measure",
)
def get_measure(request: HttpRequest, case_id: int, measure_id: int) -> Measure:
    measure = queries.measures(_case_for(request, case_id)).filter(pk=measure_id).first()
    if measure is None:
        raise NotFound(Measure)
    return measure


@router.patch(
    "/{int:case_id}/measures/{int:measure_id}",
    response={200: MeasureOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Change a measure",
    description="Send the `version` you read; a newer save by someone else answers `409`.",
)
def update_measure(
    request: HttpRequest, case_id: int, measure_id: int, payload: MeasurePatch
) -> Measure:
    if not Measure.objects.filter(pk=measure_id, case_id=case_id).exists():
        _case_for(request, case_id)
        raise NotFound(Measure)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if "status" in changes:
        changes["status"] = str(changes["status"])
    measure = actions.do_update_measure(
        measure_id, actor=actor_of(request), version=version, **changes
    )
    return queries.measures(measure.case).get(pk=measure.pk)


# evaluations


@router.get(
    "/{int:case_id}/evaluations",
    response={200: list[EvaluationOut], **UNAUTHENTICATED, **NOT_FOUND},
    summary="Evaluations",
)
def list_evaluations(request: HttpRequest, case_id: int) -> list[Evaluation]:
    return list(queries.evaluations(_case_for(request, case_id)))


@router.post(
    "/{int:case_id}/evaluations",
    response={201: EvaluationOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Evaluate a measure or the whole plan",
)
def create_evaluation(
    request: HttpRequest, case_id: int, payload: EvaluationIn
) -> Status[Evaluation]:
    data = payload.model_dump()
    data["measure_id"] = data.pop("measure")
    data["decision"] = str(data["decision"])
    evaluation = actions.do_add_evaluation(case_id, actor=actor_of(request), **data)
    return Status(201, queries.evaluations(evaluation.case).get(pk=evaluation.pk))


@router.patch(
    "/{int:case_id}/evaluations/{int:evaluation_id}",
    response={200: EvaluationOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Correct an evaluation",
)
def update_evaluation(
    request: HttpRequest, case_id: int, evaluation_id: int, payload: EvaluationPatch
) -> Evaluation:
    if not Evaluation.objects.filter(pk=evaluation_id, case_id=case_id).exists():
        _case_for(request, case_id)
        raise NotFound(Evaluation)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    evaluation = actions.do_update_evaluation(
        evaluation_id, actor=actor_of(request), version=version, **changes
    )
    return queries.evaluations(evaluation.case).get(pk=evaluation.pk)


# handovers


@router.get(
    "/{int:case_id}/handovers",
    response={200: list[HandoverOut], **UNAUTHENTICATED, **NOT_FOUND},
    summary="Handovers of the baton",
)
def list_handovers(request: HttpRequest, case_id: int) -> list[Handover]:
    return list(queries.handovers(_case_for(request, case_id)))


@router.post(
    "/{int:case_id}/handovers",
    response={201: HandoverOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Offer the baton",
    description=(
        "The baton holder offers the baton to a named employee and their unit. The holder "
        "stays responsible until the offer is accepted. One open offer at a time."
    ),
)
def offer_handover(request: HttpRequest, case_id: int, payload: HandoverIn) -> Status[Handover]:
    handover = actions.do_offer_handover(
        case_id,
        actor=actor_of(request),
        to_user_id=payload.to_user,
        to_unit_id=payload.to_unit,
        message=payload.message,
        version=payload.version,
    )
    return Status(201, queries.handovers(handover.case).get(pk=handover.pk))


def _answered(handover: Handover) -> Handover:
    return Handover.objects.select_related("from_user", "from_unit", "to_user", "to_unit").get(
        pk=handover.pk
    )


@router.post(
    "/{int:case_id}/handovers/{int:handover_id}/accept",
    response={200: HandoverOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Accept the baton (the offered employee)",
    description=(
        "Only the employee the baton was offered to, while still in that unit; they need no "
        "other access to the case. From then on they hold the baton."
    ),
)
def accept_handover(
    request: HttpRequest, case_id: int, handover_id: int, payload: AnswerIn
) -> Handover:
    return _answered(
        actions.do_accept_handover(
            case_id, handover_id, actor=actor_of(request), version=payload.version
        )
    )


@router.post(
    "/{int:case_id}/handovers/{int:handover_id}/decline",
    response={200: HandoverOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Decline the baton, with a reason (the offered employee)",
)
def decline_handover(
    request: HttpRequest, case_id: int, handover_id: int, payload: DeclineIn
) -> Handover:
    return _answered(
        actions.do_decline_handover(
            case_id,
            handover_id,
            actor=actor_of(request),
            reason=payload.reason,
            version=payload.version,
        )
    )


@router.post(
    "/{int:case_id}/handovers/{int:handover_id}/withdraw",
    response={200: HandoverOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Withdraw an offer (the baton holder)",
)
def withdraw_handover(
    request: HttpRequest, case_id: int, handover_id: int, payload: AnswerIn
) -> Handover:
    return _answered(
        actions.do_withdraw_handover(
            case_id, handover_id, actor=actor_of(request), version=payload.version
        )
    )


# level, units, leader, close, reopen


@router.post(
    "/{int:case_id}/level",
    response={200: CaseOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Change the level",
    description=(
        "The baton holder moves the case up or down a level; the reason stays in the timeline."
    ),
)
def change_level(request: HttpRequest, case_id: int, payload: LevelIn) -> Case:
    actions.do_change_level(
        case_id,
        actor=actor_of(request),
        level=payload.level,
        reason=payload.reason,
        version=payload.version,
    )
    return _fresh(request, case_id)


@router.post(
    "/{int:case_id}/units",
    response={200: CaseOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Let another unit take part",
    description="Only when the family's consent for collaboration covers the unit.",
)
def add_unit(request: HttpRequest, case_id: int, payload: UnitIn) -> Case:
    actions.do_add_case_unit(case_id, actor=actor_of(request), unit_id=payload.unit)
    return _fresh(request, case_id)


@router.post(
    "/{int:case_id}/leader-review",
    response={200: CaseOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Ask the leader to look at the case",
)
def ask_leader(request: HttpRequest, case_id: int, payload: LeaderReviewIn) -> Case:
    actions.do_ask_leader(case_id, actor=actor_of(request), text=payload.text)
    return _fresh(request, case_id)


@router.post(
    "/{int:case_id}/leader-decision",
    response={201: EntryOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Record the leader's decision (lederforankret beslutning)",
)
def leader_decision(request: HttpRequest, case_id: int, payload: LeaderDecisionIn) -> Status[Entry]:
    entry = actions.do_record_leader_decision(
        case_id,
        actor=actor_of(request),
        decision=str(payload.decision),
        text=payload.text,
        decided_by_id=payload.decided_by,
    )
    return Status(201, queries.timeline(entry.case).get(pk=entry.pk))


@router.post(
    "/{int:case_id}/close",
    response={200: CaseOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Close the relay log (the baton holder)",
)
def close_case(request: HttpRequest, case_id: int, payload: CloseIn) -> Case:
    actions.do_close_case(
        case_id,
        actor=actor_of(request),
        reason=payload.reason,
        guardians_informed=payload.guardians_informed,
        version=payload.version,
    )
    return _fresh(request, case_id)


@router.post(
    "/{int:case_id}/reopen",
    response={200: CaseOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Reopen a closed relay log (its last baton holder)",
)
def reopen_case(request: HttpRequest, case_id: int, payload: ReopenIn) -> Case:
    actions.do_reopen_case(
        case_id, actor=actor_of(request), reason=payload.reason, version=payload.version
    )
    return _fresh(request, case_id)
