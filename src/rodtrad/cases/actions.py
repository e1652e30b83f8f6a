"""Everything that changes a relay log (stafettlogg) happens here.

Each `do_<verb>` fetches the case through the policy with the action it
needs (READ, WRITE, MANAGE or ANSWER_HANDOVER), owns the transaction, checks
the rules, writes the timeline entry and the audit event (old → new of the
changed fields only) and tells people (no personal data: a title and a link).
Pages and the API call the same functions. The authorisation comes before
the change's transaction, so its audit event (a refusal included) is kept
even when the change itself is refused and rolled back.

Editable records carry a `version`. A save names the version it read; when
someone else saved in between, `StaleVersion` is raised and nothing is
written, so the first save is never overwritten and the second user still
has their own text in the form to save again.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.audit.log import changed_fields, record
from rodtrad.cases.models import (
    OPEN_MEASURE_STATUSES,
    WRITTEN_KINDS,
    Case,
    CaseUnit,
    Category,
    ConversationWith,
    Entry,
    EntryKind,
    Evaluation,
    EvaluationDecision,
    EvaluationResult,
    Handover,
    HandoverStatus,
    LeaderDecision,
    Level,
    Measure,
    MeasureStatus,
    Status,
)
from rodtrad.consent.models import Consent, Purpose
from rodtrad.notifications.actions import do_notify
from rodtrad.organisation.models import Role, Unit
from rodtrad.policy import Action, CaseAccess, NotFound

M = TypeVar("M", bound=models.Model)


class StaleVersion(ValidationError):
    """Someone else saved the record after the actor read it. Nothing was saved."""

    def __init__(self, message: StrOrPromise, current: models.Model) -> None:
        super().__init__(message, code="stale")
        self.current = current


STALE_MESSAGES: dict[type[models.Model], StrOrPromise] = {
    Case: _(
        "Someone else changed this relay log after you opened it. Nothing was saved, "
        "and nothing of theirs was overwritten. Look at the relay log as it is now, "
        "then do it again if it is still right."
    ),
    Measure: _(
        "Someone else saved this measure after you opened it. Your changes have not been "
        "saved, and theirs are kept. Your text is still in the form: compare it with the "
        "saved measure and save again."
    ),
    Evaluation: _(
        "Someone else saved this evaluation after you opened it. Your changes have not "
        "been saved, and theirs are kept. Your text is still in the form: compare it with "
        "the saved evaluation and save again."
    ),
    Entry: _(
        "Someone else saved this entry after you opened it. Your changes have not been "
        "saved, and theirs are kept. Your text is still in the form: compare it with the "
        "saved entry and save again."
    ),
    Handover: _(
        "The handover has changed since you opened it (it may have been withdrawn or "
        "answered). Nothing was saved."
    ),
}


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON keeps it."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


def _locked(model: type[M], pk: int, version: int | None) -> M:
    """The row, locked for this transaction, if it still has the version the actor read."""
    obj = model._default_manager.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise NotFound(model)
    if version is not None and obj.version != version:  # type: ignore[attr-defined]
        raise StaleVersion(STALE_MESSAGES[model], obj)
    return obj


def _bump(obj: Case | Measure | Evaluation | Entry | Handover, fields: Sequence[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version"])


def _authorise(actor: User, case_id: int, action: Action) -> tuple[Case, CaseAccess]:
    case, access = policy.get_case_for(actor, case_id, action)
    return case, access


def _lock_case(case: Case, version: int | None = None) -> Case:
    locked = _locked(Case, case.pk, version)
    # Keep what get_case_for selected (child, holder ...) for the caller.
    for name in ("status", "level", "holder_id", "holder_unit_id", "version", "closed_at"):
        setattr(case, name, getattr(locked, name))
    case.leader_review_requested_at = locked.leader_review_requested_at
    return case


def _require_open(case: Case) -> None:
    if case.status != Status.OPEN:
        raise ValidationError(_("The relay log is closed. Reopen it first."))


def _required_text(errors: dict[str, list[StrOrPromise]], field: str, value: str) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(_("This field is required."))
    return text


def _raise(errors: dict[str, list[StrOrPromise]]) -> None:
    if errors:
        raise ValidationError(errors)


def _audit(action: str, actor: User, case: Case, obj: models.Model, **changes: Any) -> None:
    record(
        action,
        actor=actor,
        obj=obj,
        child_id=case.child_id,
        municipality_id=case.municipality_id,
        changes=changes,
    )


def _actor_unit(actor: User, case: Case) -> Unit | None:
    """The unit the actor writes from: the holder's unit, else a participating unit of theirs."""
    if case.holder_id == actor.pk and case.holder_unit_id:
        return case.holder_unit
    mine = policy.member_unit_ids(actor)
    shared = [cu.unit for cu in case.case_units.select_related("unit") if cu.unit_id in mine]
    if shared:
        return shared[0]
    return Unit.objects.filter(pk__in=mine).order_by("name").first()


def _case_link(case: Case, name: str = "cases:detail") -> str:
    return reverse(name, args=[case.pk])


def _serves(unit: Unit, municipality_id: int) -> bool:
    if unit.municipality_id == municipality_id:
        return True
    return unit.serves.filter(pk=municipality_id).exists()


def _clean_categories(
    errors: dict[str, list[StrOrPromise]], categories: Iterable[str]
) -> list[str]:
    chosen = list(dict.fromkeys(categories))
    if any(c not in Category.values for c in chosen):
        errors.setdefault("categories", []).append(_("Choose one of the allowed values."))
    return chosen


# -- opening a case and writing in it -------------------------------------------------------


@transaction.atomic
def do_open_case(
    *,
    actor: User,
    child_id: int,
    unit_id: int,
    concern: str,
    occurred_on: datetime.date | None = None,
    categories: Sequence[str] = (),
) -> Case:
    """Level 0: an employee wonders or worries about a child they may see, in one
    of their own units. They hold the baton; their unit takes part."""
    child = policy.get_child_basic_for(actor, child_id)
    errors: dict[str, list[StrOrPromise]] = {}
    text = _required_text(errors, "concern", concern)
    chosen = _clean_categories(errors, categories)
    unit = Unit.objects.filter(pk=unit_id, pk__in=policy.member_unit_ids(actor)).first()
    if unit is None:
        errors.setdefault("unit", []).append(_("Unit not found."))
    elif not _serves(unit, child.municipality_id):
        errors.setdefault("unit", []).append(_("The unit does not serve the child's municipality."))
    if occurred_on and occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(_("The date cannot be in the future."))
    if policy.visible_cases(actor).filter(child=child, status=Status.OPEN).exists():
        errors.setdefault("child", []).append(
            _("The child already has an open relay log that you can see. Write in it instead.")
        )
    _raise(errors)
    if unit is None:  # reported above; this tells the type checker
        raise NotFound(Unit)
    case = Case.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        level=Level.WONDER,
        holder=actor,
        holder_unit=unit,
        opened_by=actor,
    )
    CaseUnit.objects.create(case=case, unit=unit)
    Entry.objects.create(
        case=case,
        kind=EntryKind.CONCERN,
        author=actor,
        author_unit=unit,
        occurred_on=occurred_on or timezone.localdate(),
        text=text,
        categories=chosen,
    )
    _audit(
        "case.opened",
        actor,
        case,
        case,
        level=[None, Level.WONDER],
        holder=[None, actor.pk],
        holder_unit=[None, unit.pk],
    )
    return case


def do_add_entry(
    case_id: int,
    *,
    actor: User,
    kind: str,
    text: str = "",
    occurred_on: datetime.date | None = None,
    categories: Sequence[str] = (),
    conversation_with: str = "",
    child_words: str = "",
    guardians_view: str = "",
    authorised: tuple[Case, CaseAccess] | None = None,
) -> Entry:
    """A concern, an observation, a bright spot (lysglimt), a conversation or a note.

    `authorised` is what policy.get_case_for(actor, case_id, Action.WRITE) returned
    to the caller in this request (the page has it already, and its audit event is
    written): then the check and its audit event are not done twice. Without it
    (the API, other actions) the action asks the policy itself."""
    if authorised is None:
        case, _access = _authorise(actor, case_id, Action.WRITE)
    else:
        case, access = authorised
        if case.pk != case_id or not access.allows(Action.WRITE):
            raise NotFound(Case)
    with transaction.atomic():
        _require_open(case)
        fields = _clean_entry(
            kind,
            text=text,
            occurred_on=occurred_on,
            categories=categories,
            conversation_with=conversation_with,
            child_words=child_words,
            guardians_view=guardians_view,
        )
        entry = _insert(
            Entry(
                case=case, kind=kind, author=actor, author_unit=_actor_unit(actor, case), **fields
            )
        )
        _audit(
            "case.entry_added",
            actor,
            case,
            entry,
            kind=[None, kind],
            **{name: [None, _plain(value)] for name, value in fields.items() if value},
        )
        return entry


@functools.cache
def _insert_sql(model: type[models.Model]) -> tuple[str, tuple[models.Field[Any, Any], ...]]:
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    placeholders = [
        f.get_placeholder(None, None, connection) if hasattr(f, "get_placeholder") else "%s"
        for f in fields
    ]
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(f.column for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(placeholders)}) RETURNING {model._meta.pk.column}"
    )
    return sql, fields


def _insert(obj: M) -> M:
    """obj.save() of a new row: the values prepared by the fields as save() does
    (auto_now, arrays ...), the INSERT built once per model instead of each time
    (~0.15 ms of CPU for an entry, the row written most). Not for fields with a
    database default; no signals (nothing listens for them)."""
    sql, fields = _insert_sql(type(obj))
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


def _clean_entry(
    kind: str,
    *,
    text: str,
    occurred_on: datetime.date | None,
    categories: Sequence[str],
    conversation_with: str,
    child_words: str,
    guardians_view: str,
) -> dict[str, Any]:
    errors: dict[str, list[StrOrPromise]] = {}
    if kind not in WRITTEN_KINDS:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    chosen = _clean_categories(errors, categories)
    text = (text or "").strip()
    child_words = (child_words or "").strip()
    guardians_view = (guardians_view or "").strip()
    if occurred_on and occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(_("The date cannot be in the future."))
    if kind == EntryKind.CONVERSATION:
        if conversation_with not in ConversationWith.values:
            errors.setdefault("conversation_with", []).append(_("Choose who you talked with."))
        if not (text or child_words or guardians_view):
            errors.setdefault("text", []).append(
                _("Write what was said: the child's words, the guardians' view or your assessment.")
            )
    else:
        if not text:
            errors.setdefault("text", []).append(_("This field is required."))
        conversation_with, child_words, guardians_view = "", "", ""
    if kind in (EntryKind.OBSERVATION, EntryKind.BRIGHT_SPOT) and not chosen:
        errors.setdefault("categories", []).append(_("Choose at least one category."))
    _raise(errors)
    return {
        "text": text,
        "occurred_on": occurred_on or timezone.localdate(),
        "categories": chosen,
        "conversation_with": conversation_with,
        "child_words": child_words,
        "guardians_view": guardians_view,
    }


ENTRY_EDITABLE = (
    "text",
    "occurred_on",
    "categories",
    "conversation_with",
    "child_words",
    "guardians_view",
)


def do_update_entry(entry_id: int, *, actor: User, version: int, **changes: Any) -> Entry:
    """The author corrects what they wrote; the audit log keeps what it said before."""
    entry = Entry.objects.filter(pk=entry_id).only("case_id").first()
    if entry is None:
        raise NotFound(Entry)
    case, _access = _authorise(actor, entry.case_id, Action.WRITE)
    with transaction.atomic():
        entry = _locked(Entry, entry_id, None)
        if entry.author_id != actor.pk or entry.kind not in WRITTEN_KINDS:
            raise NotFound(Entry)
        if entry.version != version:
            raise StaleVersion(STALE_MESSAGES[Entry], entry)
        _require_open(case)
        unknown = set(changes) - set(ENTRY_EDITABLE)
        if unknown:
            raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
        before = _snapshot(entry, ENTRY_EDITABLE)
        merged = {name: changes.get(name, getattr(entry, name)) for name in ENTRY_EDITABLE}
        fields = _clean_entry(entry.kind, **merged)
        for name, value in fields.items():
            setattr(entry, name, value)
        diff = changed_fields(before, _snapshot(entry, ENTRY_EDITABLE))
        if diff:
            _bump(entry, [*diff, "updated_at"])
            _audit("case.entry_changed", actor, case, entry, **diff)
        return entry


# -- the leader's decision (lederforankret beslutning) -------------------------------------


def _leaders_of(unit_id: int | None) -> list[User]:
    if unit_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__unit_id=unit_id, memberships__role=Role.LEADER, is_active=True
        ).distinct()
    )


def do_ask_leader(case_id: int, *, actor: User, text: str = "") -> Entry:
    """Share the concern with the leader of the baton holder's unit."""
    case, _access = _authorise(actor, case_id, Action.WRITE)
    with transaction.atomic():
        case = _lock_case(case)
        _require_open(case)
        leaders = _leaders_of(case.holder_unit_id)
        if not leaders:
            raise ValidationError(
                _("The baton holder's unit has no leader in Rød tråd. Ask your administrator.")
            )
        case.leader_review_requested_at = timezone.now()
        _bump(case, ["leader_review_requested_at"])
        entry = Entry.objects.create(
            case=case,
            kind=EntryKind.LEADER_REVIEW,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=timezone.localdate(),
            text=(text or "").strip(),
        )
        _audit(
            "case.leader_review_requested",
            actor,
            case,
            entry,
            leader_review_requested_at=[None, _plain(case.leader_review_requested_at)],
        )
        do_notify(
            [leader for leader in leaders if leader.pk != actor.pk],
            kind="case.leader_review_requested",
            title=_("A relay log in your unit awaits your decision"),
            link=_case_link(case),
        )
        return entry


def do_record_leader_decision(
    case_id: int,
    *,
    actor: User,
    decision: str,
    text: str = "",
    decided_by_id: int | None = None,
) -> Entry:
    """The leader's decision, recorded by the leader or by the employee who talked with them."""
    case, _access = _authorise(actor, case_id, Action.WRITE)
    with transaction.atomic():
        case = _lock_case(case)
        _require_open(case)
        errors: dict[str, list[StrOrPromise]] = {}
        if decision not in LeaderDecision.values:
            errors.setdefault("decision", []).append(_("Choose one of the allowed values."))
        leaders = {leader.pk: leader for leader in _leaders_of(case.holder_unit_id)}
        leader_id = decided_by_id if decided_by_id is not None else actor.pk
        leader = leaders.get(leader_id)
        if leader is None:
            errors.setdefault("decided_by", []).append(
                _("Choose a leader of the baton holder's unit.")
            )
        _raise(errors)
        before = _plain(case.leader_review_requested_at)
        case.leader_review_requested_at = None
        _bump(case, ["leader_review_requested_at"])
        entry = Entry.objects.create(
            case=case,
            kind=EntryKind.LEADER_DECISION,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=timezone.localdate(),
            text=(text or "").strip(),
            leader_decision=decision,
            decided_by=leader,
        )
        _audit(
            "case.leader_decision",
            actor,
            case,
            entry,
            leader_decision=[None, decision],
            decided_by=[None, leader_id],
            leader_review_requested_at=[before, None],
        )
        return entry


# -- level, units, closing ----------------------------------------------------------------


def _change_level(case: Case, *, actor: User, level: int, reason: str) -> Entry:
    old = case.level
    case.level = level
    _bump(case, ["level"])
    entry = Entry.objects.create(
        case=case,
        kind=EntryKind.LEVEL_CHANGE,
        author=actor,
        author_unit=_actor_unit(actor, case),
        occurred_on=timezone.localdate(),
        text=reason,
        level_from=old,
        level_to=level,
    )
    _audit("case.level_changed", actor, case, case, level=[old, level])
    return entry


def do_change_level(
    case_id: int, *, actor: User, level: int, reason: str, version: int | None
) -> Entry:
    """Move the case up or down a BTI level; the reason stays in the timeline."""
    case, _access = _authorise(actor, case_id, Action.MANAGE)
    with transaction.atomic():
        case = _lock_case(case, version)
        _require_open(case)
        errors: dict[str, list[StrOrPromise]] = {}
        text = _required_text(errors, "reason", reason)
        if level not in Level.values:
            errors.setdefault("level", []).append(_("Choose one of the allowed values."))
        elif level == case.level:
            errors.setdefault("level", []).append(_("The relay log is already at this level."))
        _raise(errors)
        return _change_level(case, actor=actor, level=level, reason=text)


def consent_covers(case: Case, unit: Unit, *, on: datetime.date | None = None) -> bool:
    """A consent in force for collaboration covers the unit, for this case or all the child's."""
    day = on or timezone.localdate()
    return (
        Consent.objects.in_force(day)
        .filter(child_id=case.child_id, purpose=Purpose.COLLABORATION)
        .filter(Q(case__isnull=True) | Q(case=case))
        .filter(Q(units=unit) | Q(unit_kinds__contains=[unit.kind]))
        .exists()
    )


def do_add_case_unit(case_id: int, *, actor: User, unit_id: int) -> CaseUnit:
    """Another service joins (level 2 and up), only with the family's consent."""
    case, _access = _authorise(actor, case_id, Action.MANAGE)
    with transaction.atomic():
        _require_open(case)
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None or not _serves(unit, case.municipality_id):
            raise ValidationError({"unit": [_("Unit not found.")]})
        if CaseUnit.objects.filter(case=case, unit=unit).exists():
            raise ValidationError({"unit": [_("The unit already takes part.")]})
        if not consent_covers(case, unit):
            raise ValidationError(
                {
                    "unit": [
                        _(
                            "The family's consent does not cover this unit. Register the "
                            "guardians' consent for collaboration first."
                        )
                    ]
                }
            )
        case_unit = CaseUnit.objects.create(case=case, unit=unit)
        Entry.objects.create(
            case=case,
            kind=EntryKind.UNIT_JOINED,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=timezone.localdate(),
            unit=unit,
        )
        _audit("case.unit_joined", actor, case, case_unit, unit=[None, unit.pk])
        do_notify(
            _leaders_of(unit.pk),
            kind="case.unit_joined",
            title=_("Your unit has joined a relay log"),
            link=_case_link(case),
        )
        return case_unit


def do_close_case(
    case_id: int, *, actor: User, reason: str, guardians_informed: bool, version: int | None
) -> Entry:
    """The baton holder closes the case, with a reason, once the guardians know."""
    case, _access = _authorise(actor, case_id, Action.MANAGE)
    with transaction.atomic():
        case = _lock_case(case, version)
        _require_open(case)
        errors: dict[str, list[StrOrPromise]] = {}
        text = _required_text(errors, "reason", reason)
        if not guardians_informed:
            errors.setdefault("guardians_informed", []).append(
                _("Tell the guardians before you close the relay log.")
            )
        if Handover.objects.filter(case=case, status=HandoverStatus.OFFERED).exists():
            errors.setdefault("__all__", []).append(
                _("The baton is offered to someone. Withdraw the offer before you close.")
            )
        _raise(errors)
        case.status = Status.CLOSED
        case.closed_at = timezone.now()
        case.leader_review_requested_at = None
        _bump(case, ["status", "closed_at", "leader_review_requested_at"])
        entry = Entry.objects.create(
            case=case,
            kind=EntryKind.CLOSED,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=timezone.localdate(),
            text=text,
        )
        _audit(
            "case.closed",
            actor,
            case,
            case,
            status=[Status.OPEN, Status.CLOSED],
            closed_at=[None, _plain(case.closed_at)],
            guardians_informed=[None, True],
        )
        return entry


def do_reopen_case(case_id: int, *, actor: User, reason: str, version: int | None) -> Entry:
    """The last baton holder reopens a closed case and holds the baton again."""
    case, _access = _authorise(actor, case_id, Action.MANAGE)
    with transaction.atomic():
        case = _lock_case(case, version)
        errors: dict[str, list[StrOrPromise]] = {}
        text = _required_text(errors, "reason", reason)
        if case.status != Status.CLOSED:
            errors.setdefault("__all__", []).append(_("The relay log is already open."))
        _raise(errors)
        closed_at = _plain(case.closed_at)
        case.status = Status.OPEN
        case.closed_at = None
        _bump(case, ["status", "closed_at"])
        entry = Entry.objects.create(
            case=case,
            kind=EntryKind.REOPENED,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=timezone.localdate(),
            text=text,
        )
        _audit(
            "case.reopened",
            actor,
            case,
            case,
            status=[Status.CLOSED, Status.OPEN],
            closed_at=[closed_at, None],
        )
        return entry


# -- the action plan: measures and evaluations ---------------------------------------------

MEASURE_EDITABLE = (
    "goal",
    "description",
    "responsible",
    "responsible_unit",
    "starts_on",
    "evaluate_on",
    "intervention",
    "status",
)


def _clean_measure(case: Case, values: dict[str, Any]) -> dict[str, Any]:
    """Check a whole measure; `values` holds ids for the responsible person and unit."""
    errors: dict[str, list[StrOrPromise]] = {}
    goal = _required_text(errors, "goal", values.get("goal") or "")
    unit_id = values.get("responsible_unit")
    unit = None
    if unit_id is None:
        errors.setdefault("responsible_unit", []).append(_("This field is required."))
    else:
        case_unit = CaseUnit.objects.select_related("unit").filter(case=case, unit_id=unit_id)
        found = case_unit.first()
        if found is None:
            errors.setdefault("responsible_unit", []).append(
                _("Choose a unit that takes part in the relay log.")
            )
        else:
            unit = found.unit
    person_id = values.get("responsible")
    person = None
    if person_id is None:
        errors.setdefault("responsible", []).append(_("This field is required."))
    elif unit is not None:
        person = User.objects.filter(pk=person_id, is_active=True, memberships__unit=unit).first()
        if person is None:
            errors.setdefault("responsible", []).append(
                _("Choose an employee of the responsible unit.")
            )
    starts_on, evaluate_on = values.get("starts_on"), values.get("evaluate_on")
    if starts_on is None:
        errors.setdefault("starts_on", []).append(_("This field is required."))
    if evaluate_on is None:
        errors.setdefault("evaluate_on", []).append(_("This field is required."))
    if starts_on and evaluate_on and evaluate_on < starts_on:
        errors.setdefault("evaluate_on", []).append(
            _("The evaluation date cannot be before the start.")
        )
    status = values.get("status") or MeasureStatus.ACTIVE
    if status not in MeasureStatus.values:
        errors.setdefault("status", []).append(_("Choose one of the allowed values."))
    intervention = (values.get("intervention") or "").strip()
    if len(intervention) > 200:
        errors.setdefault("intervention", []).append(_("The text is too long."))
    _raise(errors)
    return {
        "goal": goal,
        "description": (values.get("description") or "").strip(),
        "responsible": person,
        "responsible_unit": unit,
        "starts_on": starts_on,
        "evaluate_on": evaluate_on,
        "intervention": intervention,
        "status": status,
    }


def do_add_measure(
    case_id: int,
    *,
    actor: User,
    goal: str,
    responsible_id: int | None,
    responsible_unit_id: int | None,
    starts_on: datetime.date | None,
    evaluate_on: datetime.date | None,
    description: str = "",
    intervention: str = "",
    status: str = MeasureStatus.ACTIVE,
) -> Measure:
    """A measure in the action plan: goal, who is responsible, start, evaluation date."""
    case, _access = _authorise(actor, case_id, Action.WRITE)
    with transaction.atomic():
        _require_open(case)
        fields = _clean_measure(
            case,
            {
                "goal": goal,
                "description": description,
                "responsible": responsible_id,
                "responsible_unit": responsible_unit_id,
                "starts_on": starts_on,
                "evaluate_on": evaluate_on,
                "intervention": intervention,
                "status": status,
            },
        )
        measure = Measure.objects.create(case=case, created_by=actor, **fields)
        Entry.objects.create(
            case=case,
            kind=EntryKind.MEASURE,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=timezone.localdate(),
            measure=measure,
        )
        _audit(
            "case.measure_added",
            actor,
            case,
            measure,
            **{name: [None, _plain(value)] for name, value in fields.items() if value},
        )
        if measure.responsible_id != actor.pk:
            do_notify(
                [measure.responsible],
                kind="case.measure_assigned",
                title=_("You are responsible for a new measure"),
                link=_case_link(case),
            )
        return measure


def do_update_measure(measure_id: int, *, actor: User, version: int, **changes: Any) -> Measure:
    """Change a measure. `responsible` and `responsible_unit` are ids."""
    found = Measure.objects.filter(pk=measure_id).only("case_id").first()
    if found is None:
        raise NotFound(Measure)
    case, _access = _authorise(actor, found.case_id, Action.WRITE)
    with transaction.atomic():
        measure = _locked(Measure, measure_id, version)
        _require_open(case)
        unknown = set(changes) - set(MEASURE_EDITABLE)
        if unknown:
            raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
        current = {
            "goal": measure.goal,
            "description": measure.description,
            "responsible": measure.responsible_id,
            "responsible_unit": measure.responsible_unit_id,
            "starts_on": measure.starts_on,
            "evaluate_on": measure.evaluate_on,
            "intervention": measure.intervention,
            "status": measure.status,
        }
        fields = _clean_measure(case, {**current, **changes})
        before = _snapshot(measure, MEASURE_EDITABLE)
        for name, value in fields.items():
            setattr(measure, name, value)
        diff = changed_fields(before, _snapshot(measure, MEASURE_EDITABLE))
        if diff:
            _bump(measure, [*diff, "updated_at"])
            _audit("case.measure_changed", actor, case, measure, **diff)
        return measure


EVALUATION_EDITABLE = (
    "held_on",
    "participants",
    "child_took_part",
    "guardians_took_part",
    "child_view",
    "guardians_view",
    "result",
    "notes",
)


def _clean_evaluation(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[StrOrPromise]] = {}
    participants = _required_text(errors, "participants", values.get("participants") or "")
    held_on = values.get("held_on")
    if held_on is None:
        errors.setdefault("held_on", []).append(_("This field is required."))
    elif held_on > timezone.localdate():
        errors.setdefault("held_on", []).append(_("The date cannot be in the future."))
    result = values.get("result")
    if result not in EvaluationResult.values:
        errors.setdefault("result", []).append(_("Choose one of the allowed values."))
    _raise(errors)
    return {
        "held_on": held_on,
        "participants": participants,
        "child_took_part": bool(values.get("child_took_part")),
        "guardians_took_part": bool(values.get("guardians_took_part")),
        "child_view": (values.get("child_view") or "").strip(),
        "guardians_view": (values.get("guardians_view") or "").strip(),
        "result": result,
        "notes": (values.get("notes") or "").strip(),
    }


def do_add_evaluation(
    case_id: int,
    *,
    actor: User,
    measure_id: int | None,
    held_on: datetime.date | None,
    participants: str,
    result: int | None,
    decision: str,
    child_took_part: bool = False,
    guardians_took_part: bool = False,
    child_view: str = "",
    guardians_view: str = "",
    notes: str = "",
    next_evaluate_on: datetime.date | None = None,
) -> Evaluation:
    """Evaluate one measure (or the whole plan, without `measure_id`) and decide:
    continue or adjust (with a new evaluation date), close the measure(s), or
    move the case up or down a level (the baton holder only)."""
    case, access = _authorise(actor, case_id, Action.WRITE)
    with transaction.atomic():
        case = _lock_case(case)
        _require_open(case)
        fields = _clean_evaluation(
            {
                "held_on": held_on,
                "participants": participants,
                "child_took_part": child_took_part,
                "guardians_took_part": guardians_took_part,
                "child_view": child_view,
                "guardians_view": guardians_view,
                "result": result,
                "notes": notes,
            }
        )
        errors: dict[str, list[StrOrPromise]] = {}
        measure = None
        if measure_id is not None:
            measure = Measure.objects.select_for_update().filter(pk=measure_id, case=case).first()
            if measure is None:
                errors.setdefault("measure", []).append(_("Measure not found."))
        measures = (
            [measure]
            if measure is not None
            else list(
                Measure.objects.select_for_update().filter(
                    case=case, status__in=OPEN_MEASURE_STATUSES
                )
            )
        )
        if decision not in EvaluationDecision.values:
            errors.setdefault("decision", []).append(_("Choose one of the allowed values."))
        if decision in (EvaluationDecision.CONTINUE, EvaluationDecision.ADJUST):
            if next_evaluate_on is None:
                errors.setdefault("next_evaluate_on", []).append(
                    _("Set the next evaluation date when the measures go on.")
                )
            elif held_on and next_evaluate_on <= held_on:
                errors.setdefault("next_evaluate_on", []).append(
                    _("The next evaluation date must be after this evaluation.")
                )
        new_level = None
        if decision == EvaluationDecision.LEVEL_UP:
            new_level = case.level + 1
        elif decision == EvaluationDecision.LEVEL_DOWN:
            new_level = case.level - 1
        if new_level is not None:
            if not access.allows(Action.MANAGE):
                errors.setdefault("decision", []).append(
                    _("Only the baton holder can move the relay log to another level.")
                )
            elif new_level not in Level.values:
                errors.setdefault("decision", []).append(_("There is no level to move to."))
        _raise(errors)
        evaluation = Evaluation.objects.create(
            case=case,
            measure=measure,
            decision=decision,
            next_evaluate_on=next_evaluate_on
            if decision in (EvaluationDecision.CONTINUE, EvaluationDecision.ADJUST)
            else None,
            author=actor,
            **fields,
        )
        Entry.objects.create(
            case=case,
            kind=EntryKind.EVALUATION,
            author=actor,
            author_unit=_actor_unit(actor, case),
            occurred_on=evaluation.held_on,
            evaluation=evaluation,
            measure=measure,
        )
        _audit(
            "case.evaluation_added",
            actor,
            case,
            evaluation,
            measure=[None, measure_id],
            decision=[None, decision],
            **{name: [None, _plain(value)] for name, value in fields.items() if value},
        )
        for target in measures:
            before = _snapshot(target, ("evaluate_on", "status"))
            if evaluation.next_evaluate_on is not None:
                target.evaluate_on = evaluation.next_evaluate_on
            if decision == EvaluationDecision.CLOSE:
                target.status = MeasureStatus.COMPLETED
            diff = changed_fields(before, _snapshot(target, ("evaluate_on", "status")))
            if diff:
                _bump(target, [*diff, "updated_at"])
                _audit("case.measure_changed", actor, case, target, **diff)
        if new_level is not None:
            reason = fields["notes"] or str(_("Decided at the evaluation."))
            _change_level(case, actor=actor, level=new_level, reason=reason)
        return evaluation


def do_update_evaluation(
    evaluation_id: int, *, actor: User, version: int, **changes: Any
) -> Evaluation:
    """Correct what an evaluation says. Its decision has taken effect and stays."""
    found = Evaluation.objects.filter(pk=evaluation_id).only("case_id").first()
    if found is None:
        raise NotFound(Evaluation)
    case, _access = _authorise(actor, found.case_id, Action.WRITE)
    with transaction.atomic():
        evaluation = _locked(Evaluation, evaluation_id, version)
        _require_open(case)
        unknown = set(changes) - set(EVALUATION_EDITABLE)
        if unknown:
            raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
        before = _snapshot(evaluation, EVALUATION_EDITABLE)
        current = {name: getattr(evaluation, name) for name in EVALUATION_EDITABLE}
        fields = _clean_evaluation({**current, **changes})
        for name, value in fields.items():
            setattr(evaluation, name, value)
        diff = changed_fields(before, _snapshot(evaluation, EVALUATION_EDITABLE))
        if diff:
            _bump(evaluation, [*diff, "updated_at"])
            _audit("case.evaluation_changed", actor, case, evaluation, **diff)
        return evaluation


# -- handing over the baton ---------------------------------------------------------------


def do_offer_handover(
    case_id: int,
    *,
    actor: User,
    to_user_id: int,
    to_unit_id: int,
    message: str = "",
    version: int | None = None,
) -> Handover:
    """Offer the baton to a named employee. The holder stays responsible until they accept."""
    case, _access = _authorise(actor, case_id, Action.MANAGE)
    with transaction.atomic():
        case = _lock_case(case, version)
        _require_open(case)
        errors: dict[str, list[StrOrPromise]] = {}
        unit = Unit.objects.filter(pk=to_unit_id).first()
        if unit is None or not _serves(unit, case.municipality_id):
            errors.setdefault("to_unit", []).append(_("Unit not found."))
            unit = None
        to_user = None
        if unit is not None:
            to_user = User.objects.filter(
                pk=to_user_id, is_active=True, memberships__unit=unit
            ).first()
            if to_user is None:
                errors.setdefault("to_user", []).append(_("Choose an employee of the unit."))
            elif to_user.pk == actor.pk:
                errors.setdefault("to_user", []).append(_("You already hold the baton."))
        if Handover.objects.filter(case=case, status=HandoverStatus.OFFERED).exists():
            errors.setdefault("__all__", []).append(
                _("The baton has already been offered to someone.")
            )
        _raise(errors)
        if to_user is None or unit is None:  # reported above; this tells the type checker
            raise NotFound(Unit)
        try:
            with transaction.atomic():
                handover = Handover.objects.create(
                    case=case,
                    from_user=actor,
                    from_unit_id=case.holder_unit_id or unit.pk,
                    to_user=to_user,
                    to_unit=unit,
                    message=(message or "").strip(),
                )
        except IntegrityError:
            raise ValidationError(_("The baton has already been offered to someone.")) from None
        _bump(case, [])
        _handover_entry(case, handover, actor)
        _audit(
            "case.handover_offered",
            actor,
            case,
            handover,
            to_user=[None, to_user.pk],
            to_unit=[None, unit.pk],
        )
        do_notify(
            [to_user],
            kind="case.handover_offered",
            title=_("You have been offered the baton for a relay log"),
            link=reverse("cases:handover", args=[case.pk, handover.pk]),
        )
        return handover


def _handover_entry(case: Case, handover: Handover, actor: User, text: str = "") -> Entry:
    return Entry.objects.create(
        case=case,
        kind=EntryKind.HANDOVER,
        author=actor,
        author_unit=_actor_unit(actor, case),
        occurred_on=timezone.localdate(),
        handover=handover,
        handover_status=handover.status,
        text=text,
    )


def _open_handover(case_id: int, handover_id: int, version: int | None) -> Handover:
    handover = _locked(Handover, handover_id, None)
    if handover.case_id != case_id:
        raise NotFound(Handover)
    if handover.status != HandoverStatus.OFFERED or (
        version is not None and handover.version != version
    ):
        raise StaleVersion(STALE_MESSAGES[Handover], handover)
    return handover


def do_accept_handover(
    case_id: int, handover_id: int, *, actor: User, version: int | None = None
) -> Handover:
    """The offered employee takes the baton: from now on they are responsible."""
    case, _access = _authorise(actor, case_id, Action.ANSWER_HANDOVER)
    with transaction.atomic():
        handover = _open_handover(case.pk, handover_id, version)
        case = _lock_case(case)
        _require_open(case)
        old_holder, old_unit = case.holder_id, case.holder_unit_id
        case.holder_id = actor.pk
        case.holder_unit_id = handover.to_unit_id
        case.leader_review_requested_at = None
        _bump(case, ["holder", "holder_unit", "leader_review_requested_at"])
        CaseUnit.objects.get_or_create(case=case, unit_id=handover.to_unit_id)
        handover.status = HandoverStatus.ACCEPTED
        handover.answered_at = timezone.now()
        _bump(handover, ["status", "answered_at"])
        _handover_entry(case, handover, actor)
        _audit(
            "case.handover_accepted",
            actor,
            case,
            handover,
            status=[HandoverStatus.OFFERED, HandoverStatus.ACCEPTED],
            holder=[old_holder, actor.pk],
            holder_unit=[old_unit, handover.to_unit_id],
        )
        do_notify(
            [handover.from_user],
            kind="case.handover_accepted",
            title=_("The baton you offered has been accepted"),
            # The old holder may no longer see the case: the link goes to their own list.
            link=reverse("home"),
        )
        return handover


def do_decline_handover(
    case_id: int, handover_id: int, *, actor: User, reason: str, version: int | None = None
) -> Handover:
    """The offered employee says no, with a reason; the holder keeps the baton."""
    case, _access = _authorise(actor, case_id, Action.ANSWER_HANDOVER)
    with transaction.atomic():
        handover = _open_handover(case.pk, handover_id, version)
        errors: dict[str, list[StrOrPromise]] = {}
        text = _required_text(errors, "reason", reason)
        _raise(errors)
        handover.status = HandoverStatus.DECLINED
        handover.decline_reason = text
        handover.answered_at = timezone.now()
        _bump(handover, ["status", "decline_reason", "answered_at"])
        _handover_entry(case, handover, actor, text)
        _audit(
            "case.handover_declined",
            actor,
            case,
            handover,
            status=[HandoverStatus.OFFERED, HandoverStatus.DECLINED],
            decline_reason=[None, text],
        )
        do_notify(
            [handover.from_user],
            kind="case.handover_declined",
            title=_("The baton you offered was declined"),
            link=_case_link(case),
        )
        return handover


def do_withdraw_handover(
    case_id: int, handover_id: int, *, actor: User, version: int | None = None
) -> Handover:
    """The holder takes the offer back (for instance, offered to the wrong person)."""
    case, _access = _authorise(actor, case_id, Action.MANAGE)
    with transaction.atomic():
        handover = _open_handover(case.pk, handover_id, version)
        handover.status = HandoverStatus.WITHDRAWN
        handover.answered_at = timezone.now()
        _bump(handover, ["status", "answered_at"])
        _handover_entry(case, handover, actor)
        _audit(
            "case.handover_withdrawn",
            actor,
            case,
            handover,
            status=[HandoverStatus.OFFERED, HandoverStatus.WITHDRAWN],
        )
        return handover


# -- printing and reminders ---------------------------------------------------------------


def record_printed(case: Case, *, actor: User, access: CaseAccess) -> None:
    """A print or PDF of the case is an export of personal data: audited."""
    record(
        "case.printed",
        actor=actor,
        obj=case,
        child_id=case.child_id,
        municipality_id=case.municipality_id,
        reason=str(access.reason),
    )


def reminder_days() -> int:
    days: int = settings.RODTRAD.get("EVALUATION_REMINDER_DAYS", 7)
    return days


@transaction.atomic
def do_send_evaluation_reminders(*, today: datetime.date | None = None) -> int:
    """Tell the responsible person and the baton holder when an evaluation date is
    near (within RODTRAD["EVALUATION_REMINDER_DAYS"]) and again when it has passed;
    once per evaluation date each. Returns the number of notifications."""
    day = today or timezone.localdate()
    horizon = day + datetime.timedelta(days=reminder_days())
    open_measures = Measure.objects.select_for_update(of=("self",)).filter(
        status__in=OPEN_MEASURE_STATUSES, case__status=Status.OPEN
    )
    near = list(
        open_measures.filter(evaluate_on__gte=day, evaluate_on__lte=horizon)
        .exclude(reminded_near_for=models.F("evaluate_on"))
        .select_related("case")
    )
    overdue = list(
        open_measures.filter(evaluate_on__lt=day)
        .exclude(reminded_overdue_for=models.F("evaluate_on"))
        .select_related("case")
    )
    sent = 0
    for measure in near:
        sent += do_notify(
            _reminder_recipients(measure),
            kind="case.evaluation_due",
            title=_("A measure is due for evaluation soon"),
            link=reverse("cases:detail", args=[measure.case_id]) + f"#measure-{measure.pk}",
        )
        measure.reminded_near_for = measure.evaluate_on
    for measure in overdue:
        sent += do_notify(
            _reminder_recipients(measure),
            kind="case.evaluation_overdue",
            title=_("The evaluation date of a measure has passed"),
            link=reverse("cases:detail", args=[measure.case_id]) + f"#measure-{measure.pk}",
        )
        measure.reminded_overdue_for = measure.evaluate_on
    Measure.objects.bulk_update(near, ["reminded_near_for"])
    Measure.objects.bulk_update(overdue, ["reminded_overdue_for"])
    return sent


def _reminder_recipients(measure: Measure) -> list[User]:
    ids = {measure.responsible_id, measure.case.holder_id} - {None}
    return list(User.objects.filter(pk__in=ids, is_active=True))
