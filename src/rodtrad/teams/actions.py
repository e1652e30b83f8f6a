"""Everything that changes a team, a referral or a meeting happens here.

Each `do_<verb>` fetches through rodtrad.policy, owns the transaction, checks
the rules, writes the audit event (old → new of what changed) and tells
people (a title and a link, never personal data). Pages and the API call
the same functions. Decisions become measures through
rodtrad.cases.actions.do_add_measure, so the action plan keeps one set of rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.cases.actions import do_add_entry, do_add_measure
from rodtrad.cases.models import Case, CaseUnit, EntryKind, Measure
from rodtrad.consent.models import Consent, Purpose
from rodtrad.notifications.actions import do_notify
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child, Guardian
from rodtrad.policy import Action, NotFound
from rodtrad.policy import teams as team_policy
from rodtrad.teams.anonymity import found_terms, identity_terms
from rodtrad.teams.models import (
    OPEN_REFERRAL_STATUSES,
    AgendaItem,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingRating,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    ParticipantKind,
    Referral,
    ReferralStatus,
    Rhythm,
    Team,
    TeamKind,
    TeamLevel,
    TeamMembership,
    TeamRole,
)

Errors = dict[str, list[StrOrPromise]]

MESSAGE_STALE = _(
    "Someone else saved this after you opened it. Nothing was saved, and nothing of theirs "
    "was overwritten. Look at it as it is now, then do it again if it is still right."
)
MESSAGE_NAMES_CHILD = _(
    "The text says who the child is (%(terms)s). An anonymous discussion must not: "
    "write it without names, numbers, dates of birth, addresses or schools."
)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _required(errors: Errors, field: str, value: str) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(_("This field is required."))
    return text


def _check_anonymous_text(errors: Errors, child: Child, fields: Mapping[str, str]) -> None:
    terms = identity_terms(child)
    for field, text in fields.items():
        found = found_terms(text or "", terms)
        if found:
            # Say which words, not the text: the words are what the writer typed.
            errors.setdefault(field, []).append(
                str(MESSAGE_NAMES_CHILD) % {"terms": ", ".join(f"«{term}»" for term in found)}
            )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _audit(
    action: str,
    actor: User,
    obj: Any,
    *,
    municipality_id: int,
    child_id: int | None = None,
    **changes: Any,
) -> None:
    record(
        action,
        actor=actor,
        obj=obj,
        child_id=child_id,
        municipality_id=municipality_id,
        changes={name: [_plain(a) for a in pair] for name, pair in changes.items()},
    )


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _email_link(addresses: Iterable[str], subject: StrOrPromise, path: str) -> int:
    """An email that carries only a link (DESIGN.md §5.7)."""
    recipients = sorted({a for a in addresses if a})
    if not recipients:
        return 0
    body = gettext("Log in to Rød tråd to read it:") + "\n\n" + site_link(path) + "\n"
    for address in recipients:
        send_mail(str(subject), body, None, [address], fail_silently=True)
    return len(recipients)


# -- teams --------------------------------------------------------------------------------


def _leader_seat(user: User, unit: Unit | None, municipality: Municipality) -> Unit:
    units = Unit.objects.filter(memberships__user=user).serving(municipality)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    found = units.first()
    if found is None:
        raise ValidationError({"leader": [_("Choose an employee of a unit in the municipality.")]})
    return found


@transaction.atomic
def do_create_team(
    *,
    actor: User,
    municipality: Municipality,
    kind: TeamKind,
    name: str,
    leader: User,
    leader_unit: Unit | None = None,
    level: str = TeamLevel.INDIVIDUAL,
    purpose: str = "",
    case: Case | None = None,
    employees_may_refer: bool = True,
    citizens_may_refer: bool = False,
    requires_tried_measures: bool | None = None,
    allows_anonymous: bool | None = None,
    rhythm: str = Rhythm.MONTHLY,
    age_from: int = 0,
    age_to: int = 24,
) -> Team:
    """An administrator of the municipality sets up a team; its leader sits on it."""
    if not policy.can_manage_registers(actor, municipality.pk):
        raise NotFound(Municipality)
    errors: Errors = {}
    text = _required(errors, "name", name)
    if kind.municipality_id != municipality.pk:
        errors.setdefault("kind", []).append(_("Choose a kind of team of the municipality."))
    if level not in TeamLevel.values:
        errors.setdefault("level", []).append(_("Choose one of the allowed values."))
    if rhythm not in Rhythm.values:
        errors.setdefault("rhythm", []).append(_("Choose one of the allowed values."))
    if age_from > age_to:
        errors.setdefault("age_to", []).append(_("The lowest age cannot be above the highest."))
    if Team.objects.filter(municipality=municipality, name__iexact=text).exists():
        errors.setdefault("name", []).append(
            _("The municipality already has a team with this name.")
        )
    _raise(errors)
    seat = _leader_seat(leader, leader_unit, municipality)
    team = Team.objects.create(
        municipality=municipality,
        kind=kind,
        name=text,
        level=level,
        purpose=(purpose or "").strip(),
        leader=leader,
        case=case,
        employees_may_refer=employees_may_refer,
        citizens_may_refer=citizens_may_refer,
        requires_tried_measures=kind.requires_tried_measures
        if requires_tried_measures is None
        else requires_tried_measures,
        allows_anonymous=kind.allows_anonymous if allows_anonymous is None else allows_anonymous,
        rhythm=rhythm,
        age_from=age_from,
        age_to=age_to,
    )
    TeamMembership.objects.create(team=team, user=leader, unit=seat, role=TeamRole.LEADER)
    _audit(
        "team.created",
        actor,
        team,
        municipality_id=municipality.pk,
        name=[None, team.name],
        kind=[None, kind.code],
        leader=[None, leader.pk],
    )
    return team


@transaction.atomic
def do_add_team_member(
    team_id: int, *, actor: User, unit_id: int, user_id: int | None = None
) -> TeamMembership:
    """An employee joins for one of their units, or a unit joins as a service."""
    team = team_policy.get_team_for(actor, team_id)
    if not team_policy.can_administer_team(actor, team):
        raise NotFound(Team)
    unit = Unit.objects.serving(team.municipality).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit": [_("Unit not found.")]})
    user = None
    if user_id is not None:
        user = User.objects.filter(pk=user_id, is_active=True, memberships__unit=unit).first()
        if user is None:
            raise ValidationError({"user": [_("Choose an employee of the unit.")]})
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, user=user, unit=unit)
    except IntegrityError:
        raise ValidationError({"user": [_("Already a member of the team.")]}) from None
    _audit(
        "team.member_added",
        actor,
        membership,
        municipality_id=team.municipality_id,
        user=[None, user_id],
        unit=[None, unit.pk],
    )
    return membership


# -- referrals ----------------------------------------------------------------------------


def consent_covers_team(case: Case, team: Team, *, on: datetime.date | None = None) -> bool:
    """A consent in force for team discussion covers at least one of the team's units."""
    day = on or timezone.localdate()
    units = Unit.objects.filter(team_memberships__team=team).distinct()
    kinds = list(units.values_list("kind", flat=True))
    return (
        Consent.objects.in_force(day)
        .filter(child_id=case.child_id, purpose=Purpose.TEAM_DISCUSSION)
        .filter(Q(case__isnull=True) | Q(case=case))
        .filter(Q(units__in=units) | Q(unit_kinds__overlap=kinds))
        .exists()
    )


def _writer_unit(actor: User, case: Case) -> Unit:
    if case.holder_id == actor.pk and case.holder_unit_id is not None:
        return case.holder_unit  # type: ignore[return-value]
    mine = policy.member_unit_ids(actor)
    shared = CaseUnit.objects.filter(case=case, unit_id__in=mine).select_related("unit").first()
    if shared is not None:
        return shared.unit
    unit = Unit.objects.filter(pk__in=mine).order_by("name").first()
    if unit is None:
        raise NotFound(Unit)
    return unit


def _referral_link(referral: Referral) -> str:
    return reverse("teams:referral", args=[referral.pk])


@transaction.atomic
def do_refer(
    case_id: int,
    *,
    actor: User,
    team_id: int,
    reason: str,
    tried: str = "",
    anonymous: bool = False,
) -> Referral:
    """Refer a case to a team: with the family's consent for team discussion, or
    anonymously where the team allows it. A team may ask that measures have
    been tried in the referrer's own service first."""
    case, _access = policy.get_case_for(actor, case_id, Action.WRITE)
    team = team_policy.get_team_for(actor, team_id)
    errors: Errors = {}
    reason_text = _required(errors, "reason", reason)
    tried_text = (tried or "").strip()
    if case.status != "open":
        errors.setdefault("__all__", []).append(_("The relay log is closed. Reopen it first."))
    if not team.active or team.municipality_id != case.municipality_id:
        errors.setdefault("team", []).append(_("The team does not take referrals."))
    elif not team.employees_may_refer:
        errors.setdefault("team", []).append(_("The team does not take referrals from employees."))
    age = case.child.age_on(timezone.localdate())
    if not team.age_from <= age <= team.age_to:
        errors.setdefault("team", []).append(
            _("The team works with children and youth from %(start)s to %(end)s years.")
            % {"start": team.age_from, "end": team.age_to}
        )
    if team.requires_tried_measures:
        if not Measure.objects.filter(case=case).exists():
            errors.setdefault("tried", []).append(
                _(
                    "The team asks that measures have been tried in your own service first. "
                    "The relay log has no measures yet."
                )
            )
        if not tried_text:
            errors.setdefault("tried", []).append(_("Write what has been tried."))
    if anonymous:
        if not team.allows_anonymous:
            errors.setdefault("anonymous", []).append(
                _("The team does not discuss cases anonymously. Ask the family for consent.")
            )
        _check_anonymous_text(errors, case.child, {"reason": reason_text, "tried": tried_text})
    elif not consent_covers_team(case, team):
        errors.setdefault("anonymous", []).append(
            _(
                "No consent for team discussion covers the team. Register the family's "
                "consent first, or refer anonymously if the team allows it."
            )
        )
    if Referral.objects.filter(team=team, case=case, status__in=OPEN_REFERRAL_STATUSES).exists():
        errors.setdefault("team", []).append(_("The relay log is already referred to this team."))
    _raise(errors)
    referral = Referral.objects.create(
        municipality_id=case.municipality_id,
        team=team,
        case=case,
        referred_by=actor,
        referred_by_unit=_writer_unit(actor, case),
        reason=reason_text,
        tried=tried_text,
        anonymous=anonymous,
        age=age,
    )
    _audit(
        "team.referral_created",
        actor,
        referral,
        municipality_id=case.municipality_id,
        child_id=case.child_id,
        team=[None, team.pk],
        anonymous=[None, anonymous],
    )
    do_notify(
        [team.leader],
        kind="team.referral_received",
        title=_("Your team has received a referral"),
        link=_referral_link(referral),
    )
    return referral


class Answer:
    ACCEPT = "accept"
    MORE_INFO = "more_info"
    DECLINE = "decline"
    ALL = (ACCEPT, MORE_INFO, DECLINE)


ANSWER_STATUS = {
    Answer.ACCEPT: ReferralStatus.ACCEPTED,
    Answer.MORE_INFO: ReferralStatus.MORE_INFO,
    Answer.DECLINE: ReferralStatus.DECLINED,
}


def _lock_referral(referral: Referral, version: int | None) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if version is not None and locked.version != version:
        raise ValidationError(MESSAGE_STALE, code="stale")
    for name in ("status", "version", "anonymous", "reason", "tried", "answer"):
        setattr(referral, name, getattr(locked, name))
    return referral


@transaction.atomic
def do_answer_referral(
    referral_id: int,
    *,
    actor: User,
    answer: str,
    text: str = "",
    version: int | None = None,
) -> Referral:
    """The team's leader accepts, asks for more (saying what), or declines with a reason."""
    referral, view = team_policy.get_referral_for(actor, referral_id)
    if not view.leader:
        raise NotFound(Referral)
    referral = _lock_referral(referral, version)
    errors: Errors = {}
    if answer not in Answer.ALL:
        errors.setdefault("answer", []).append(_("Choose one of the allowed values."))
    if referral.status not in (ReferralStatus.SUBMITTED, ReferralStatus.MORE_INFO):
        errors.setdefault("__all__", []).append(_("The referral has already been answered."))
    message = (text or "").strip()
    if answer == Answer.DECLINE and not message:
        errors.setdefault("text", []).append(_("Write why the team declines."))
    if answer == Answer.MORE_INFO and not message:
        errors.setdefault("text", []).append(_("Write what the team needs to know."))
    if referral.anonymous and message:
        _check_anonymous_text(errors, referral.case.child, {"text": message})
    _raise(errors)
    old = referral.status
    referral.status = ANSWER_STATUS[answer]
    referral.answer = message
    referral.answered_by = actor
    referral.answered_at = timezone.now()
    referral.version += 1
    referral.save(
        update_fields=["status", "answer", "answered_by", "answered_at", "version", "updated_at"]
    )
    _audit(
        f"team.referral_{referral.status}",
        actor,
        referral,
        municipality_id=referral.municipality_id,
        child_id=referral.case.child_id,
        status=[old, referral.status],
    )
    titles = {
        ReferralStatus.ACCEPTED: _("Your referral has been accepted by the team"),
        ReferralStatus.MORE_INFO: _("The team asks for more about your referral"),
        ReferralStatus.DECLINED: _("Your referral has been declined by the team"),
    }
    do_notify(
        [referral.referred_by],
        kind=f"team.referral_{referral.status}",
        title=titles[ReferralStatus(referral.status)],
        link=_referral_link(referral),
    )
    return referral


@transaction.atomic
def do_update_referral(
    referral_id: int,
    *,
    actor: User,
    reason: str,
    tried: str = "",
    version: int | None = None,
) -> Referral:
    """The referrer says more, as the team asked; the referral goes back to the team."""
    referral, view = team_policy.get_referral_for(actor, referral_id, Action.WRITE)
    if not view.can_change:
        raise NotFound(Referral)
    referral = _lock_referral(referral, version)
    errors: Errors = {}
    reason_text = _required(errors, "reason", reason)
    tried_text = (tried or "").strip()
    if referral.status not in (ReferralStatus.SUBMITTED, ReferralStatus.MORE_INFO):
        errors.setdefault("__all__", []).append(_("The referral has already been answered."))
    if referral.anonymous:
        _check_anonymous_text(
            errors, referral.case.child, {"reason": reason_text, "tried": tried_text}
        )
    _raise(errors)
    changes: dict[str, list[Any]] = {}
    if reason_text != referral.reason:
        changes["reason"] = [None, "changed"]
    if tried_text != referral.tried:
        changes["tried"] = [None, "changed"]
    old = referral.status
    referral.reason, referral.tried = reason_text, tried_text
    referral.status = ReferralStatus.SUBMITTED
    referral.version += 1
    referral.save(update_fields=["reason", "tried", "status", "version", "updated_at"])
    _audit(
        "team.referral_changed",
        actor,
        referral,
        municipality_id=referral.municipality_id,
        child_id=referral.case.child_id,
        status=[old, referral.status],
        **changes,
    )
    do_notify(
        [referral.team.leader],
        kind="team.referral_changed",
        title=_("A referral to your team has more information"),
        link=_referral_link(referral),
    )
    return referral


@transaction.atomic
def do_close_referral(referral_id: int, *, actor: User, withdraw: bool = False) -> Referral:
    """The referrer withdraws an open referral, or the team's leader completes it."""
    referral, view = team_policy.get_referral_for(actor, referral_id)
    referral = _lock_referral(referral, None)
    if withdraw and not view.can_change:
        raise NotFound(Referral)
    if not withdraw and not view.leader:
        raise NotFound(Referral)
    if referral.status not in OPEN_REFERRAL_STATUSES:
        raise ValidationError(_("The referral is no longer open."))
    if not withdraw and referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted referral can be completed."))
    old = referral.status
    referral.status = ReferralStatus.WITHDRAWN if withdraw else ReferralStatus.COMPLETED
    referral.version += 1
    referral.save(update_fields=["status", "version", "updated_at"])
    _audit(
        f"team.referral_{referral.status}",
        actor,
        referral,
        municipality_id=referral.municipality_id,
        child_id=referral.case.child_id,
        status=[old, referral.status],
    )
    return referral


@transaction.atomic
def do_link_referral(referral_id: int, *, actor: User) -> list[Decision]:
    """With the family's consent, an anonymous discussion is linked to the child's
    case: the team sees who it was about, and the decisions of approved minutes
    become measures in the action plan. Returns the decisions that could not
    (their unit does not take part in the case yet)."""
    referral, view = team_policy.get_referral_for(actor, referral_id, Action.WRITE)
    if not view.can_change:
        raise NotFound(Referral)
    referral = _lock_referral(referral, None)
    if not referral.anonymous:
        raise ValidationError(_("The referral is already linked with consent."))
    if not consent_covers_team(referral.case, referral.team):
        raise ValidationError(
            _(
                "No consent for team discussion covers the team. "
                "Register the family's consent first."
            )
        )
    referral.anonymous = False
    referral.linked_at = timezone.now()
    referral.version += 1
    referral.save(update_fields=["anonymous", "linked_at", "version", "updated_at"])
    _audit(
        "team.referral_linked",
        actor,
        referral,
        municipality_id=referral.municipality_id,
        child_id=referral.case.child_id,
        anonymous=[True, False],
    )
    left: list[Decision] = []
    items = AgendaItem.objects.filter(
        referral=referral, meeting__minutes__status=MinutesStatus.APPROVED
    ).select_related("meeting", "meeting__team")
    for item in items:
        left += _decisions_to_measures(item, actor)
        _timeline_note(item, actor)
    do_notify(
        [referral.team.leader],
        kind="team.referral_linked",
        title=_("An anonymous discussion in your team has been linked with consent"),
        link=_referral_link(referral),
    )
    return left


# -- meetings -----------------------------------------------------------------------------


def _meeting_link(meeting: Meeting) -> str:
    return reverse("teams:meeting", args=[meeting.pk])


def _employee_ok(user_id: int, municipality: Municipality) -> User | None:
    return (
        User.objects.filter(
            pk=user_id,
            is_active=True,
            memberships__unit__in=Unit.objects.serving(municipality).values("pk"),
        )
        .distinct()
        .first()
    )


def _invite(meeting: Meeting, participants: Sequence[MeetingParticipant]) -> None:
    """An in-app notification for employees; an email with a link for everyone with one."""
    now = timezone.now()
    employees = [p.user for p in participants if p.user is not None]
    do_notify(
        employees,
        kind="team.meeting_invitation",
        title=_("You are invited to a meeting"),
        link=_meeting_link(meeting),
    )
    _email_link(
        [p.user.email for p in participants if p.user is not None],
        _("Invitation to a meeting in Rød tråd"),
        _meeting_link(meeting),
    )
    _email_link(
        [p.guardian.email for p in participants if p.guardian is not None],
        _("Invitation to a meeting"),
        "/",
    )
    for participant in participants:
        participant.invited_at = now
    MeetingParticipant.objects.bulk_update(list(participants), ["invited_at"])


def _clean_meeting(
    errors: Errors,
    *,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    place: str,
    video_link: str,
) -> dict[str, Any]:
    text = _required(errors, "title", title)
    if starts_at is None:
        errors.setdefault("starts_at", []).append(_("This field is required."))
    if ends_at is None:
        errors.setdefault("ends_at", []).append(_("This field is required."))
    if starts_at and ends_at and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The meeting must end after it starts."))
    place, video_link = (place or "").strip(), (video_link or "").strip()
    if not place and not video_link:
        errors.setdefault("place", []).append(
            _("Write where the meeting is, or give a video link.")
        )
    if video_link and not video_link.startswith("https://"):
        errors.setdefault("video_link", []).append(_("The video link must start with https://."))
    return {
        "title": text,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "video_link": video_link,
    }


@transaction.atomic
def do_schedule_meeting(
    *,
    actor: User,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    place: str = "",
    video_link: str = "",
    team_id: int | None = None,
    case_id: int | None = None,
    leader_id: int | None = None,
    employee_ids: Sequence[int] = (),
    referral_ids: Sequence[int] = (),
    topics: Sequence[str] = (),
) -> Meeting:
    """A meeting of a team (its members are invited) or about one case, an
    ansvarsgruppe meeting (whoever may write in the case calls it). The title
    goes into calendars and emails: it must not name the child."""
    errors: Errors = {}
    team: Team | None = None
    case: Case | None = None
    if (team_id is None) == (case_id is None):
        raise ValidationError(_("A meeting is for a team or for one relay log."))
    if team_id is not None:
        team = team_policy.get_team_for(actor, team_id)
        if not team_policy.is_member(actor, team):
            raise NotFound(Team)
        municipality = team.municipality
    else:
        case, _access = policy.get_case_for(actor, case_id or 0, Action.WRITE)
        municipality = case.municipality
    fields = _clean_meeting(
        errors,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
    )
    if case is not None and fields["title"]:
        _check_anonymous_text(errors, case.child, {"title": fields["title"]})
    leader = actor
    if leader_id is not None and leader_id != actor.pk:
        found = _employee_ok(leader_id, municipality)
        if found is None or (team is not None and not team_policy.is_member(found, team)):
            errors.setdefault("leader", []).append(_("Choose a member of the team."))
        else:
            leader = found
    invited: dict[int, User] = {leader.pk: leader}
    if team is not None:
        for membership in team.memberships.filter(user__is_active=True).select_related("user"):
            if membership.user is not None:
                invited[membership.user.pk] = membership.user
    for user_id in employee_ids:
        user = _employee_ok(user_id, municipality)
        if user is None:
            errors.setdefault("employees", []).append(_("Employee not found."))
        else:
            invited[user.pk] = user
    referrals = []
    for referral_id in referral_ids:
        referral = Referral.objects.filter(
            pk=referral_id, team=team, status=ReferralStatus.ACCEPTED
        ).first()
        if team is None or referral is None:
            errors.setdefault("referrals", []).append(_("Choose an accepted referral to the team."))
        else:
            referrals.append(referral)
            # The one who referred the case takes part when it is discussed.
            invited.setdefault(referral.referred_by_id, referral.referred_by)
    _raise(errors)
    meeting = Meeting.objects.create(
        municipality=municipality,
        team=team,
        case=case,
        leader=leader,
        created_by=actor,
        **fields,
    )
    position = 1
    if case is not None:
        AgendaItem.objects.create(meeting=meeting, position=position, case=case)
        position += 1
    for referral in referrals:
        AgendaItem.objects.create(
            meeting=meeting, position=position, referral=referral, case=referral.case
        )
        position += 1
    for topic in topics:
        if topic.strip():
            AgendaItem.objects.create(meeting=meeting, position=position, topic=topic.strip())
            position += 1
    participants = [
        MeetingParticipant.objects.create(meeting=meeting, kind=ParticipantKind.EMPLOYEE, user=u)
        for u in invited.values()
    ]
    _audit(
        "team.meeting_scheduled",
        actor,
        meeting,
        municipality_id=municipality.pk,
        child_id=case.child_id if case is not None else None,
        starts_at=[None, meeting.starts_at],
        team=[None, team.pk if team else None],
        case=[None, case.pk if case else None],
    )
    _invite(meeting, participants)
    return meeting


def _meeting_for_change(actor: User, meeting_id: int, *, leader: bool = False) -> Meeting:
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    if not (view.leader if leader else view.can_write_minutes):
        raise NotFound(Meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    return meeting


@transaction.atomic
def do_add_agenda_item(
    meeting_id: int,
    *,
    actor: User,
    referral_id: int | None = None,
    topic: str = "",
) -> AgendaItem:
    """A referred case (accepted by the meeting's team) or a topic joins the agenda."""
    meeting = _meeting_for_change(actor, meeting_id)
    if _minutes_approved(meeting):
        raise ValidationError(_("The minutes are approved; the agenda can no longer change."))
    position = (meeting.agenda_items.count() or 0) + 1
    if referral_id is not None:
        referral = Referral.objects.filter(
            pk=referral_id, team_id=meeting.team_id or 0, status=ReferralStatus.ACCEPTED
        ).first()
        if meeting.team_id is None or referral is None:
            raise ValidationError({"referral": [_("Choose an accepted referral to the team.")]})
        if AgendaItem.objects.filter(meeting=meeting, referral=referral).exists():
            raise ValidationError({"referral": [_("The referral is already on the agenda.")]})
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, referral=referral, case_id=referral.case_id
        )
        child_id: int | None = referral.case.child_id
        # The one who referred the case takes part when it is discussed.
        if not meeting.participants.filter(user_id=referral.referred_by_id).exists():
            referrer = MeetingParticipant.objects.create(
                meeting=meeting, kind=ParticipantKind.EMPLOYEE, user_id=referral.referred_by_id
            )
            _invite(meeting, [referrer])
    else:
        errors: Errors = {}
        text = _required(errors, "topic", topic)
        _raise(errors)
        item = AgendaItem.objects.create(meeting=meeting, position=position, topic=text)
        child_id = None
    _audit(
        "team.agenda_item_added",
        actor,
        item,
        municipality_id=meeting.municipality_id,
        child_id=child_id,
        referral=[None, referral_id],
    )
    return item


@transaction.atomic
def do_add_participant(
    meeting_id: int,
    *,
    actor: User,
    kind: str,
    user_id: int | None = None,
    guardian_id: int | None = None,
    agenda_item_id: int | None = None,
) -> MeetingParticipant:
    """Invite an employee, or a guardian or the child to the item about their own
    child (only someone who reads the case, and never to an anonymous item)."""
    meeting = _meeting_for_change(actor, meeting_id)
    errors: Errors = {}
    values: dict[str, Any] = {"meeting": meeting, "kind": kind}
    child_id = None
    if kind == ParticipantKind.EMPLOYEE:
        user = _employee_ok(user_id or 0, meeting.municipality)
        if user is None:
            errors.setdefault("user", []).append(_("Employee not found."))
        values["user"] = user
    elif kind in (ParticipantKind.GUARDIAN, ParticipantKind.CHILD):
        item = (
            AgendaItem.objects.select_related("referral", "case", "case__child")
            .filter(pk=agenda_item_id or 0, meeting=meeting, case__isnull=False)
            .first()
        )
        access = team_policy.item_access(actor, item) if item is not None else None
        if item is None or item.case is None or not team_policy.shows_identity(access, item):
            raise ValidationError(
                {"agenda_item": [_("Choose an item about a child whose relay log you can see.")]}
            )
        values["agenda_item"] = item
        child_id = item.case.child_id
        if kind == ParticipantKind.GUARDIAN:
            guardian = Guardian.objects.filter(
                pk=guardian_id or 0, guardianships__child_id=child_id
            ).first()
            if guardian is None:
                errors.setdefault("guardian", []).append(_("Choose one of the child's guardians."))
            values["guardian"] = guardian
        else:
            values["child"] = item.case.child
    else:
        errors.setdefault("kind", []).append(_("Choose one of the allowed values."))
    _raise(errors)
    try:
        with transaction.atomic():
            participant = MeetingParticipant.objects.create(**values)
    except IntegrityError:
        raise ValidationError({"kind": [_("Already invited to the meeting.")]}) from None
    _audit(
        "team.participant_added",
        actor,
        participant,
        municipality_id=meeting.municipality_id,
        child_id=child_id,
        kind=[None, kind],
    )
    _invite(meeting, [participant])
    return participant


def reminder_hours() -> int:
    hours: int = settings.RODTRAD.get("MEETING_REMINDER_HOURS", 24)
    return hours


@transaction.atomic
def do_send_meeting_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind the employees taking part of a meeting that starts within
    RODTRAD["MEETING_REMINDER_HOURS"]; once per start time. Returns notifications sent."""
    moment = now or timezone.now()
    horizon = moment + datetime.timedelta(hours=reminder_hours())
    meetings = list(
        Meeting.objects.select_for_update()
        .filter(status=MeetingStatus.PLANNED, starts_at__gt=moment, starts_at__lte=horizon)
        .exclude(reminded_for=F("starts_at"))
    )
    sent = 0
    for meeting in meetings:
        users = User.objects.filter(
            meeting_participations__meeting=meeting, is_active=True
        ).distinct()
        sent += do_notify(
            users,
            kind="team.meeting_reminder",
            title=_("Reminder: you have a meeting soon"),
            link=_meeting_link(meeting),
        )
        meeting.reminded_for = meeting.starts_at
    Meeting.objects.bulk_update(meetings, ["reminded_for"])
    return sent


# -- minutes ------------------------------------------------------------------------------


def _minutes_approved(meeting: Meeting) -> bool:
    return Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()


ITEM_FIELDS = ("child_view", "guardians_view", "assessment")


@transaction.atomic
def do_save_minutes(
    meeting_id: int,
    *,
    actor: User,
    notes: str = "",
    present: Mapping[int, bool] | None = None,
    items: Mapping[int, Mapping[str, str]] | None = None,
    version: int | None = None,
) -> Minutes:
    """The draft minutes, from the municipality's one template: who was present,
    and per item the child's own view, the guardians' view and the assessment."""
    meeting = _meeting_for_change(actor, meeting_id)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, written_by=actor)
    elif version is not None and minutes.version != version:
        raise ValidationError(MESSAGE_STALE, code="stale")
    if minutes.approved:
        raise ValidationError(_("The minutes are approved and can no longer change."))
    errors: Errors = {}
    participants = {p.pk: p for p in meeting.participants.all()}
    for participant_id in present or {}:
        if participant_id not in participants:
            errors.setdefault("present", []).append(_("Participant not found."))
    agenda = {
        item.pk: item for item in meeting.agenda_items.select_related("referral", "case__child")
    }
    for item_id, texts in (items or {}).items():
        item = agenda.get(item_id)
        if item is None:
            errors.setdefault("items", []).append(_("Agenda item not found."))
            continue
        if item.anonymous and item.case is not None:
            _check_anonymous_text(
                errors,
                item.case.child,
                {f"item-{item_id}-{name}": texts.get(name, "") for name in ITEM_FIELDS},
            )
    _raise(errors)
    changed: dict[str, Any] = {}
    for participant_id, is_present in (present or {}).items():
        participant = participants[participant_id]
        if participant.present != is_present:
            participant.present = is_present
            participant.save(update_fields=["present"])
            changed.setdefault("present", [None, []])[1].append(participant_id)
    for item_id, texts in (items or {}).items():
        item = agenda[item_id]
        fields = [
            name
            for name in ITEM_FIELDS
            if name in texts and (texts[name] or "").strip() != getattr(item, name)
        ]
        for name in fields:
            setattr(item, name, (texts[name] or "").strip())
        if fields:
            item.save(update_fields=fields)
            changed[f"item_{item_id}"] = [None, fields]
    note_text = (notes or "").strip()
    if note_text != minutes.notes:
        minutes.notes = note_text
        changed["notes"] = [None, "changed"]
    minutes.version += 1
    minutes.save(update_fields=["notes", "version", "updated_at"])
    _audit(
        "team.minutes_saved",
        actor,
        minutes,
        municipality_id=meeting.municipality_id,
        child_id=meeting.case.child_id if meeting.case is not None else None,
        **changed,
    )
    return minutes


def _check_responsible(
    errors: Errors, item: AgendaItem, responsible_id: int | None, unit_id: int | None
) -> tuple[User | None, Unit | None]:
    """The same rules as a measure: an employee of the unit, and for a case that
    is not anonymous, a unit that takes part in it."""
    unit = None
    if unit_id is None:
        errors.setdefault("responsible_unit", []).append(_("This field is required."))
    else:
        unit = Unit.objects.serving(item.meeting.municipality).filter(pk=unit_id).first()
        if unit is None:
            errors.setdefault("responsible_unit", []).append(_("Unit not found."))
        elif (
            item.case is not None
            and not item.anonymous
            and not CaseUnit.objects.filter(case=item.case, unit=unit).exists()
        ):
            errors.setdefault("responsible_unit", []).append(
                _("Choose a unit that takes part in the relay log.")
            )
    person = None
    if responsible_id is None:
        errors.setdefault("responsible", []).append(_("This field is required."))
    elif unit is not None:
        person = User.objects.filter(
            pk=responsible_id, is_active=True, memberships__unit=unit
        ).first()
        if person is None:
            errors.setdefault("responsible", []).append(
                _("Choose an employee of the responsible unit.")
            )
    return person, unit


@transaction.atomic
def do_add_decision(
    agenda_item_id: int,
    *,
    actor: User,
    text: str,
    responsible_id: int | None,
    responsible_unit_id: int | None,
    due_on: datetime.date | None,
) -> Decision:
    """Who does what by when. It becomes a measure when the minutes are approved."""
    item = (
        AgendaItem.objects.select_related("meeting", "referral", "case__child")
        .filter(pk=agenda_item_id)
        .first()
    )
    if item is None:
        raise NotFound(AgendaItem)
    meeting = _meeting_for_change(actor, item.meeting_id)
    item.meeting = meeting
    if _minutes_approved(meeting):
        raise ValidationError(_("The minutes are approved and can no longer change."))
    errors: Errors = {}
    what = _required(errors, "text", text)
    if due_on is None:
        errors.setdefault("due_on", []).append(_("This field is required."))
    elif due_on < timezone.localdate(meeting.starts_at):
        errors.setdefault("due_on", []).append(_("The date cannot be before the meeting."))
    person, unit = _check_responsible(errors, item, responsible_id, responsible_unit_id)
    if item.anonymous and item.case is not None:
        _check_anonymous_text(errors, item.case.child, {"text": what})
    _raise(errors)
    if person is None or unit is None or due_on is None:  # reported above
        raise NotFound(Unit)
    decision = Decision.objects.create(
        agenda_item=item, text=what, responsible=person, responsible_unit=unit, due_on=due_on
    )
    _audit(
        "team.decision_added",
        actor,
        decision,
        municipality_id=meeting.municipality_id,
        child_id=item.case.child_id if item.case is not None else None,
        responsible=[None, person.pk],
        due_on=[None, due_on],
    )
    return decision


@transaction.atomic
def do_remove_decision(decision_id: int, *, actor: User) -> None:
    decision = Decision.objects.select_related("agenda_item").filter(pk=decision_id).first()
    if decision is None:
        raise NotFound(Decision)
    meeting = _meeting_for_change(actor, decision.agenda_item.meeting_id)
    if _minutes_approved(meeting):
        raise ValidationError(_("The minutes are approved and can no longer change."))
    _audit(
        "team.decision_removed",
        actor,
        decision,
        municipality_id=meeting.municipality_id,
        text=["removed", None],
    )
    decision.delete()


def _decisions_to_measures(item: AgendaItem, actor: User) -> list[Decision]:
    """Each decision of a case item becomes a measure in its action plan.
    Returns those whose unit does not take part in the case (left for later)."""
    left: list[Decision] = []
    if item.case_id is None or item.anonymous:
        return left
    meeting = item.meeting
    started = timezone.localdate(meeting.starts_at)
    for decision in item.decisions.filter(measure__isnull=True).select_related("responsible"):
        if not CaseUnit.objects.filter(
            case_id=item.case_id, unit_id=decision.responsible_unit_id
        ).exists():
            left.append(decision)
            continue
        measure = do_add_measure(
            item.case_id,
            actor=actor,
            goal=decision.text,
            responsible_id=decision.responsible_id,
            responsible_unit_id=decision.responsible_unit_id,
            starts_on=min(started, decision.due_on),
            evaluate_on=decision.due_on,
            description=gettext("Decided in the meeting «%(title)s» on %(date)s.")
            % {"title": meeting.title, "date": started.strftime("%d.%m.%Y")},
        )
        decision.measure = measure
        decision.save(update_fields=["measure"])
    return left


def _timeline_note(item: AgendaItem, actor: User) -> None:
    """The case's timeline tells that the case was discussed, and where."""
    if item.case_id is None or item.anonymous:
        return
    meeting = item.meeting
    where = meeting.team.name if meeting.team is not None else meeting.title
    do_add_entry(
        item.case_id,
        actor=actor,
        kind=EntryKind.NOTE,
        occurred_on=timezone.localdate(meeting.starts_at),
        text=gettext(
            "Discussed in %(where)s on %(date)s. The minutes are approved; "
            "the decisions are measures in the action plan."
        )
        % {"where": where, "date": timezone.localdate(meeting.starts_at).strftime("%d.%m.%Y")},
    )


@transaction.atomic
def do_approve_minutes(meeting_id: int, *, actor: User, version: int | None = None) -> Minutes:
    """The meeting leader approves the minutes. The decisions of every case item
    become measures in the case's action plan (responsible person and date);
    then every participant is told: in the app, and by an email with a link."""
    meeting = _meeting_for_change(actor, meeting_id, leader=True)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("Write the minutes before you approve them."))
    if version is not None and minutes.version != version:
        raise ValidationError(MESSAGE_STALE, code="stale")
    if minutes.approved:
        raise ValidationError(_("The minutes are already approved."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not started yet."))
    items = list(meeting.agenda_items.select_related("referral", "case"))
    for item in items:
        item.meeting = meeting
        if item.case is None or item.anonymous or not item.decisions.exists():
            continue
        if not policy.can(actor, Action.WRITE, item.case):
            raise ValidationError(
                _(
                    "You cannot write in the relay log of item %(position)s, so its "
                    "decisions cannot become measures. Ask the baton holder."
                )
                % {"position": item.position}
            )
        taking_part = set(CaseUnit.objects.filter(case=item.case).values_list("unit_id", flat=True))
        if any(d.responsible_unit_id not in taking_part for d in item.decisions.all()):
            raise ValidationError(
                _(
                    "A decision in item %(position)s names a unit that no longer takes part "
                    "in the relay log. Change the decision first."
                )
                % {"position": item.position}
            )
    for item in items:
        _decisions_to_measures(item, actor)
        _timeline_note(item, actor)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_by = actor
    minutes.approved_at = timezone.now()
    minutes.version += 1
    minutes.save(update_fields=["status", "approved_by", "approved_at", "version", "updated_at"])
    for item in items:
        _audit(
            "team.minutes_approved",
            actor,
            minutes,
            municipality_id=meeting.municipality_id,
            child_id=item.case.child_id if item.case is not None else None,
            status=[MinutesStatus.DRAFT, MinutesStatus.APPROVED],
        )
    if not items:
        _audit(
            "team.minutes_approved",
            actor,
            minutes,
            municipality_id=meeting.municipality_id,
            status=[MinutesStatus.DRAFT, MinutesStatus.APPROVED],
        )
    _distribute(meeting)
    return minutes


def _distribute(meeting: Meeting) -> None:
    participants = list(meeting.participants.select_related("user", "guardian"))
    link = reverse("teams:minutes", args=[meeting.pk])
    do_notify(
        [p.user for p in participants if p.user is not None and p.user.is_active],
        kind="team.minutes_approved",
        title=_("The minutes of a meeting you took part in are ready"),
        link=link,
    )
    _email_link(
        [p.user.email for p in participants if p.user is not None and p.user.is_active],
        _("Minutes from a meeting in Rød tråd"),
        link,
    )
    # Families read them in the citizen portal (it comes later): the email says where.
    _email_link(
        [p.guardian.email for p in participants if p.guardian is not None],
        _("Minutes from a meeting"),
        "/",
    )
    now = timezone.now()
    for participant in participants:
        participant.minutes_sent_at = now
    MeetingParticipant.objects.bulk_update(participants, ["minutes_sent_at"])


def record_minutes_printed(meeting: Meeting, *, actor: User) -> None:
    """A PDF of the minutes is an export of personal data: audited per child."""
    child_ids = {
        item.case.child_id for item in meeting.agenda_items.select_related("case") if item.case
    }
    targets: list[int | None] = [*sorted(child_ids)] or [None]
    for child_id in targets:
        record(
            "team.minutes_printed",
            actor=actor,
            obj=meeting,
            child_id=child_id,
            municipality_id=meeting.municipality_id,
        )


# -- the family's rating ------------------------------------------------------------------


@transaction.atomic
def do_record_rating(
    meeting_id: int,
    *,
    actor: User,
    participant_id: int,
    useful: int | None,
    heard: int | None,
    comment: str = "",
) -> MeetingRating:
    """A guardian's or the youth's judgement of the meeting, recorded by an
    employee on their behalf until citizens log in (recorded_by says who)."""
    meeting, view = team_policy.get_meeting_for(actor, meeting_id)
    if not view.can_write_minutes:
        raise NotFound(Meeting)
    errors: Errors = {}
    participant = meeting.participants.filter(pk=participant_id).first()
    if participant is None or not participant.is_family:
        errors.setdefault("participant", []).append(_("Choose a guardian or the child."))
    for name, value in (("useful", useful), ("heard", heard)):
        if value not in (1, 2, 3, 4, 5):
            errors.setdefault(name, []).append(_("Choose a number from 1 to 5."))
    if meeting.starts_at > timezone.now():
        errors.setdefault("__all__", []).append(_("The meeting has not been held yet."))
    if participant is not None and MeetingRating.objects.filter(participant=participant).exists():
        errors.setdefault("participant", []).append(_("They have already rated the meeting."))
    _raise(errors)
    if participant is None or useful is None or heard is None:  # reported above
        raise NotFound(MeetingParticipant)
    rating = MeetingRating.objects.create(
        meeting=meeting,
        participant=participant,
        useful=useful,
        heard=heard,
        comment=(comment or "").strip(),
        recorded_by=actor,
    )
    child_id = participant.child_id
    if child_id is None and participant.agenda_item is not None:
        child_id = participant.agenda_item.case.child_id if participant.agenda_item.case else None
    _audit(
        "team.meeting_rated",
        actor,
        rating,
        municipality_id=meeting.municipality_id,
        child_id=child_id,
        useful=[None, useful],
        heard=[None, heard],
    )
    return rating
