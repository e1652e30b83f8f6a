"""/api/v1/meetings: team meetings and ansvarsgruppe meetings, their minutes
(draft, decisions, approval) and the family's ratings.

You see meetings of the teams you sit on, those you lead or take part in, and
those about relay logs you read. Agenda items show a child's name only to
someone who reads the relay log, never for an anonymous discussion. The
meeting leader approves the minutes: every decision of a relay log's item
becomes a measure in its action plan, and every participant is told.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from rodtrad.accounts.models import User
from rodtrad.api.auth import actor_of
from rodtrad.api.common import InputSchema, paginated
from rodtrad.api.errors import INVALID, NOT_FOUND, UNAUTHENTICATED
from rodtrad.policy import teams as team_policy
from rodtrad.teams import queries
from rodtrad.teams.actions import (
    do_add_decision,
    do_approve_minutes,
    do_record_rating,
    do_save_minutes,
    do_schedule_meeting,
)
from rodtrad.teams.models import Meeting, MeetingRating

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    team: int | None
    case: int | None
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_link: str
    leader: int
    status: str


class ParticipantOut(Schema):
    id: int
    kind: str = Field(description="`employee`, `guardian` or `child`.")
    employee: int | None
    name: str = Field(description="Families are named only beside an item whose child you may see.")
    present: bool | None


class DecisionOut(Schema):
    id: int
    text: str
    responsible: int
    responsible_unit: int
    due_on: datetime.date
    measure: int | None = Field(description="The measure in the action plan, once approved.")


class ItemOut(Schema):
    id: int
    position: int
    label: str = Field(description="A topic, the child's name, or `Anonym: 15 år`.")
    anonymous: bool
    referral: int | None
    child_view: str
    guardians_view: str
    assessment: str
    decisions: list[DecisionOut]


class MeetingDetailOut(MeetingOut):
    participants: list[ParticipantOut]
    agenda: list[ItemOut]


class MinutesOut(Schema):
    meeting: int
    status: str = Field(description="`draft`, `approved`, or `none` before anything is written.")
    notes: str
    version: int | None
    approved_by: int | None
    approved_at: datetime.datetime | None
    participants: list[ParticipantOut]
    agenda: list[ItemOut]


class MeetingIn(InputSchema):
    team: int | None = None
    case: int | None = None
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""
    video_link: str = ""
    employees: list[int] = []
    referrals: list[int] = []
    topics: list[str] = []


class ItemMinutesIn(InputSchema):
    id: int
    child_view: str = ""
    guardians_view: str = ""
    assessment: str = ""


class MinutesIn(InputSchema):
    notes: str = ""
    present: list[int] = Field(default=[], description="Ids of the participants present.")
    items: list[ItemMinutesIn] = []
    version: int | None = None


class DecisionIn(InputSchema):
    agenda_item: int
    text: str
    responsible: int
    responsible_unit: int
    due_on: datetime.date


class ApproveIn(InputSchema):
    version: int | None = None


class RatingIn(InputSchema):
    participant: int
    useful: int = Field(ge=1, le=5)
    heard: int = Field(ge=1, le=5)
    comment: str = ""


class RatingOut(Schema):
    id: int
    participant: int
    useful: int
    heard: int
    comment: str
    recorded_by: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_participant(obj: MeetingRating) -> int:
        return obj.participant_id

    @staticmethod
    def resolve_recorded_by(obj: MeetingRating) -> int | None:
        return obj.recorded_by_id


def _basic(meeting: Meeting) -> dict[str, object]:
    return {
        "id": meeting.pk,
        "team": meeting.team_id,
        "case": meeting.case_id,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "leader": meeting.leader_id,
        "status": meeting.status,
    }


def _agenda_and_people(actor: User, meeting: Meeting) -> dict[str, object]:
    items = queries.agenda(actor, meeting)
    identity = {v.item.pk for v in items if v.identity}
    participants = [
        {
            "id": p.pk,
            "kind": p.kind,
            "employee": p.user_id,
            "name": queries.participant_name(p, identity),
            "present": p.present,
        }
        for p in queries.participants(meeting)
    ]
    agenda = [
        {
            "id": v.item.pk,
            "position": v.item.position,
            "label": v.label,
            "anonymous": v.item.anonymous,
            "referral": v.item.referral_id,
            "child_view": v.item.child_view if v.visible else "",
            "guardians_view": v.item.guardians_view if v.visible else "",
            "assessment": v.item.assessment if v.visible else "",
            "decisions": [
                {
                    "id": d.pk,
                    "text": d.text,
                    "responsible": d.responsible_id,
                    "responsible_unit": d.responsible_unit_id,
                    "due_on": d.due_on,
                    "measure": d.measure_id,
                }
                for d in (v.decisions if v.visible else [])
            ],
        }
        for v in items
    ]
    return {"participants": participants, "agenda": agenda}


def _detail(actor: User, meeting_id: int) -> dict[str, object]:
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    return {**_basic(meeting), **_agenda_and_people(actor, meeting)}


def _minutes(actor: User, meeting_id: int) -> dict[str, object]:
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    minutes = queries.minutes_of(meeting)
    return {
        "meeting": meeting.pk,
        "status": minutes.status if minutes else "none",
        "notes": minutes.notes if minutes else "",
        "version": minutes.version if minutes else None,
        "approved_by": minutes.approved_by_id if minutes else None,
        "approved_at": minutes.approved_at if minutes else None,
        **_agenda_and_people(actor, meeting),
    }


@router.get(
    "",
    response={200: list[MeetingOut], **UNAUTHENTICATED},
    summary="List meetings",
    description="Soonest first. `?upcoming=true` leaves out meetings that have ended.",
)
@paginated()
def list_meetings(request: HttpRequest, upcoming: bool = False) -> list[dict[str, object]]:
    meetings = team_policy.visible_meetings(actor_of(request))
    if upcoming:
        meetings = meetings.filter(ends_at__gte=timezone.now())
    return [_basic(m) for m in meetings.order_by("starts_at", "id")]


@router.post(
    "",
    response={201: MeetingDetailOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Plan a meeting",
    description=(
        "For a `team` you sit on (its members are invited), or about one `case` you may write "
        "in (an ansvarsgruppe meeting). Everyone invited gets a notification and an email with "
        "a link. The title goes into calendars: it must not name the child."
    ),
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Status[dict[str, object]]:
    actor = actor_of(request)
    meeting = do_schedule_meeting(
        actor=actor,
        team_id=payload.team,
        case_id=payload.case,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        video_link=payload.video_link,
        employee_ids=payload.employees,
        referral_ids=payload.referrals,
        topics=payload.topics,
    )
    return Status(201, _detail(actor, meeting.pk))


@router.get(
    "/{int:meeting_id}",
    response={200: MeetingDetailOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read a meeting",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    return _detail(actor_of(request), meeting_id)


@router.get(
    "/{int:meeting_id}/minutes",
    response={200: MinutesOut, **UNAUTHENTICATED, **NOT_FOUND},
    summary="Read the minutes",
)
def get_minutes(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    return _minutes(actor_of(request), meeting_id)


@router.put(
    "/{int:meeting_id}/minutes",
    response={200: MinutesOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Save the draft minutes",
    description=(
        "The municipality's one template: who was present, and per agenda item the child's "
        "own view, the guardians' view and the assessment. Send `version` from your last read "
        "to refuse overwriting someone else's save."
    ),
)
def put_minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> dict[str, object]:
    actor = actor_of(request)
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    present = set(payload.present)
    do_save_minutes(
        meeting.pk,
        actor=actor,
        notes=payload.notes,
        present={p.pk: p.pk in present for p in meeting.participants.all()},
        items={
            item.id: {
                "child_view": item.child_view,
                "guardians_view": item.guardians_view,
                "assessment": item.assessment,
            }
            for item in payload.items
        },
        version=payload.version,
    )
    return _minutes(actor, meeting.pk)


@router.post(
    "/{int:meeting_id}/minutes/decisions",
    response={201: MinutesOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Add a decision to the draft minutes",
    description="Who does what by when; for a relay log, a unit that takes part in it.",
)
def add_decision(
    request: HttpRequest, meeting_id: int, payload: DecisionIn
) -> Status[dict[str, object]]:
    actor = actor_of(request)
    meeting, _view = team_policy.get_meeting_for(actor, meeting_id)
    if not meeting.agenda_items.filter(pk=payload.agenda_item).exists():
        raise ValidationError({"agenda_item": [_("Agenda item not found.")]})
    do_add_decision(
        payload.agenda_item,
        actor=actor,
        text=payload.text,
        responsible_id=payload.responsible,
        responsible_unit_id=payload.responsible_unit,
        due_on=payload.due_on,
    )
    return Status(201, _minutes(actor, meeting.pk))


@router.post(
    "/{int:meeting_id}/minutes/approve",
    response={200: MinutesOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Approve the minutes (the meeting leader)",
    description=(
        "The decisions become measures in the action plans (responsible person and date), "
        "and every participant is told in the app and by an email with a link."
    ),
)
def approve_minutes(request: HttpRequest, meeting_id: int, payload: ApproveIn) -> dict[str, object]:
    actor = actor_of(request)
    do_approve_minutes(meeting_id, actor=actor, version=payload.version)
    return _minutes(actor, meeting_id)


@router.get(
    "/{int:meeting_id}/ratings",
    response={200: list[RatingOut], **UNAUTHENTICATED, **NOT_FOUND},
    summary="The family's ratings of the meeting",
)
def list_ratings(request: HttpRequest, meeting_id: int) -> list[MeetingRating]:
    meeting, _view = team_policy.get_meeting_for(actor_of(request), meeting_id)
    return list(MeetingRating.objects.filter(meeting=meeting).order_by("id"))


@router.post(
    "/{int:meeting_id}/ratings",
    response={201: RatingOut, **UNAUTHENTICATED, **NOT_FOUND, **INVALID},
    summary="Record a guardian's or the youth's rating",
    description=(
        "Useful? Heard? 1–5 and an optional comment. Until citizens log in, an employee who "
        "took part records it on their behalf (`recorded_by`)."
    ),
)
def create_rating(
    request: HttpRequest, meeting_id: int, payload: RatingIn
) -> Status[MeetingRating]:
    rating = do_record_rating(
        meeting_id,
        actor=actor_of(request),
        participant_id=payload.participant,
        useful=payload.useful,
        heard=payload.heard,
        comment=payload.comment,
    )
    return Status(201, rating)
