"""/api/v1/referrals: relay logs referred to teams, and the team's answers.

You see referrals to the teams you sit on (while open), those you made, and
those of relay logs you read. `case` and `child_name` are empty unless you
read the relay log and the referral is not anonymous: an anonymous referral
shows the child's age only. Creating needs write access to the relay log;
answering is for the team's leader. Out of reach answers `404`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.api.audited import audited
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED, not_found_message
from rodtrad.cases.models import Case
from rodtrad.policy import NotFound
from rodtrad.policy import teams as team_policy
from rodtrad.teams.actions import Answer, do_answer_referral, do_refer
from rodtrad.teams.models import Referral

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: int
    team: int
    status: str = Field(
        description="`submitted`, `more_info`, `accepted`, `declined`, `withdrawn` or `completed`."
    )
    anonymous: bool
    age: int = Field(description="The child's age when referred.")
    case: int | None = Field(
        description="Empty unless you read the relay log and it is not anonymous."
    )
    child_name: str | None
    reason: str
    tried: str
    answer: str
    referred_by: int
    referred_by_unit: int | None = Field(
        description="Empty for an anonymous referral: the unit could tell the school."
    )
    created_at: datetime.datetime
    version: int


class ReferralIn(InputSchema):
    case: int
    team: int
    reason: str
    tried: str = ""
    anonymous: bool = False


class AnswerIn(InputSchema):
    text: str = ""
    version: int | None = None


def _out(referral: Referral, identity: bool) -> dict[str, object]:
    shows = identity and not referral.anonymous
    return {
        "id": referral.pk,
        "team": referral.team_id,
        "status": referral.status,
        "anonymous": referral.anonymous,
        "age": referral.age,
        "case": referral.case_id if shows else None,
        "child_name": referral.case.child.full_name if shows else None,
        "reason": referral.reason,
        "tried": referral.tried,
        "answer": referral.answer,
        "referred_by": referral.referred_by_id,
        # The referrer's unit (a school, a kindergarten) could tell who the child is.
        "referred_by_unit": None if referral.anonymous else referral.referred_by_unit_id,
        "created_at": referral.created_at,
        "version": referral.version,
    }


def _read(actor: User, referral_id: int) -> dict[str, object]:
    referral, view = team_policy.get_referral_for(actor, referral_id)
    return _out(referral, view.shows_identity)


@router.get(
    "",
    response={200: list[ReferralOut], **UNAUTHENTICATED},
    summary="List referrals",
    description=(
        "Newest first. A referral names its child only to those who may open the relay "
        "log, and never when it is anonymous. Each page is written to the audit log "
        "(`referral.listed`), and the access log of each child it names shows it."
    ),
)
@paginated()
def list_referrals(request: HttpRequest) -> list[dict[str, object]]:
    actor = actor_of(request)
    referrals = (
        team_policy.visible_referrals(actor)
        .select_related("case", "case__child")
        .order_by("-created_at", "-id")
    )

    def readable(page: list[Referral]) -> set[int]:
        """The page's relay logs the actor may open (the page's, not all of them)."""
        cases = policy.visible_cases(actor).filter(pk__in={r.case_id for r in page})
        return set(cases.values_list("pk", flat=True))

    def named(page: list[Referral]) -> list[int]:
        shown = readable(page)
        return [r.case.child_id for r in page if r.case_id in shown and not r.anonymous]

    def present(page: list[Referral]) -> list[dict[str, object]]:
        shown = readable(page)
        return [_out(r, r.case_id in shown) for r in page]

    return audited(  # type: ignore[return-value]
        referrals,
        actor=actor,
        action="referral.listed",
        reason=policy.LISTED_VISIBLE,
        children_of=named,
        present=present,
    )


@router.post(
    "",
    response={201: ReferralOut, **UNAUTHENTICATED, **INVALID},
    summary="Refer a relay log to a team",
    description=(
        "With the family's consent for team discussion covering the team, or anonymously "
        "where the team allows it (the texts must not say who the child is). A relay log you "
        "may not write in answers `422` with `Relay log not found` on `case`."
    ),
)
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[dict[str, object]]:
    actor = actor_of(request)
    try:
        referral = do_refer(
            payload.case,
            actor=actor,
            team_id=payload.team,
            reason=payload.reason,
            tried=payload.tried,
            anonymous=payload.anonymous,
        )
    except NotFound as error:
        field = "case" if error.model is Case else "team"
        raise ValidationError({field: [not_found_message(error.model)]}) from None
    return Status(201, _read(actor, referral.pk))


@router.get(
    "/{int:referral_id}",
    response={200: ReferralOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a referral",
)
def get_referral(request: HttpRequest, referral_id: int) -> dict[str, object]:
    return _read(actor_of(request), referral_id)


def _answer(
    request: HttpRequest, referral_id: int, answer: str, payload: AnswerIn
) -> dict[str, object]:
    actor = actor_of(request)
    do_answer_referral(
        referral_id, actor=actor, answer=answer, text=payload.text, version=payload.version
    )
    return _read(actor, referral_id)


@router.post(
    "/{int:referral_id}/accept",
    response={200: ReferralOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Accept a referral (the team's leader)",
)
def accept_referral(request: HttpRequest, referral_id: int, payload: AnswerIn) -> dict[str, object]:
    return _answer(request, referral_id, Answer.ACCEPT, payload)


@router.post(
    "/{int:referral_id}/ask",
    response={200: ReferralOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Ask for more information (the team's leader; `text` says what)",
)
def ask_referral(request: HttpRequest, referral_id: int, payload: AnswerIn) -> dict[str, object]:
    return _answer(request, referral_id, Answer.MORE_INFO, payload)


@router.post(
    "/{int:referral_id}/decline",
    response={200: ReferralOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Decline a referral (the team's leader; `text` gives the reason)",
)
def decline_referral(
    request: HttpRequest, referral_id: int, payload: AnswerIn
) -> dict[str, object]:
    return _answer(request, referral_id, Answer.DECLINE, payload)
