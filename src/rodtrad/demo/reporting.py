"""Reports of concern to child welfare, their handling, and the anonymous
consultations, for the generated data set (``rodtrad generate``).

Pure data, no database: `generator.py` reads back the generated units with
their employees, the children with the unit they are enrolled in, and the
relay logs, gives them to `Reporting`, takes primary keys and COPYs the rows.
What it makes, for each generated municipality:

- reports to the child welfare service that serves the municipality (its own,
  or the one it shares), about 5 in 100 children a year over the three years
  up to `today` (Norway: some 58 000 reports a year for 1.1 million
  children), fewer in July and at weekends; six in ten about a child with a
  relay log, most of those sent by the baton holder from the log (and linked
  to it), the rest about any child;
- by source as the national statistics count them: the police, schools,
  parents, doctors, kindergartens, health stations and others. Employees of
  the child's kindergarten or school, the health station, the GP office, the
  police's SLT contact and other services send theirs in Rød tråd; what
  came by phone or letter (the police's operations centre, a parent, a
  neighbour, the emergency ward) child welfare registers itself;
- the handling, by the rules of rodtrad.reports (models.TRANSITIONS and
  deadlines.py): often under review first, the review decided within the week
  (each service has its own share in time), an investigation opened for six
  in ten and ended within three months for most (with measures or closed),
  feedback to the reporter within three weeks for most and again after an
  investigation; a few forgotten. What would happen after `today` has not:
  the newest reports are still waiting, and some deadlines have passed unmet;
- the deadline reminders the periodic job would have sent (two days before a
  deadline not met, and once when it passed), so it does not send them all at
  once on a generated data set;
- anonymous consultations with the service, about one for every three
  reports, from the municipality's kindergartens, schools and services.

No audit events are written (like the rest of the generated data: it was
never read by anyone). Every choice comes from the random generator given, in
a fixed order, so the same data set, seed and day give the same reports.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rodtrad.organisation.models import UnitKind
from rodtrad.reports import deadlines
from rodtrad.reports.deadlines import OSLO
from rodtrad.reports.models import (
    OPEN_STATUSES,
    SOURCE_BY_UNIT_KIND,
    ConsultationOutcome,
    Deadline,
    FeedbackKind,
    GuardiansNotTold,
    ReminderStage,
    SourceKind,
    Status,
)

UTC = datetime.UTC
YEARS = 3
# Reports a year per child (SSB: ~58 000 for ~1.1 million children); municipalities differ.
RATE_PER_YEAR = 0.05
RATE_SPREAD = (0.75, 1.25)
ABOUT_LOGGED_CHILD = 0.6  # of the reports: about a child with a relay log
FROM_HOLDER = 0.55  # of those: sent by the baton holder from the log
# Sources of the other reports (SSB's reports by reporter, roughly).
SOURCE_WEIGHTS = (
    (SourceKind.POLICE, 22),
    (SourceKind.OTHERS, 26),
    (SourceKind.SCHOOL, 18),
    (SourceKind.GUARDIANS, 13),
    (SourceKind.GP, 9),
    (SourceKind.KINDERGARTEN, 18),  # only for the children in kindergarten: a sixth
    (SourceKind.HEALTH_STATION, 6),
)
# Of each source's reports, the share that came by phone or letter and that child
# welfare registered; an employee sent the rest in Rød tråd.
REGISTERED: dict[str, float] = {
    SourceKind.POLICE: 0.8,
    SourceKind.GUARDIANS: 1.0,
    SourceKind.OTHERS: 0.6,
    SourceKind.GP: 0.6,
}
# Services whose employees' reports count as "others".
OTHER_SENDERS = (UnitKind.PPT, UnitKind.FAMILY_SERVICE, UnitKind.NAV, UnitKind.MENTAL_HEALTH)
# The units whose employees send the reports of the other sources.
SENDER_KINDS: dict[str, tuple[str, ...]] = {
    SourceKind.HEALTH_STATION: (UnitKind.HEALTH_STATION,),
    SourceKind.GP: (UnitKind.GP,),
    SourceKind.POLICE: (UnitKind.POLICE,),
    SourceKind.OTHERS: OTHER_SENDERS,
}
# Relative number of reports by month (the summer holiday is quiet).
MONTH_WEIGHTS = {1: 9, 2: 9, 3: 10, 4: 9, 5: 10, 6: 9, 7: 5, 8: 8, 9: 10, 10: 10, 11: 10, 12: 8}
WEEKEND = 0.25  # a weekend day gets this share of a weekday's reports
ACUTE: dict[str, float] = {SourceKind.POLICE: 0.25}
ACUTE_OTHERWISE = 0.04
GUARDIANS_TOLD = 0.72
NOT_TOLD = (
    (GuardiansNotTold.VIOLENCE_OR_ABUSE, 45),
    (GuardiansNotTold.CHILD_AT_RISK, 25),
    (GuardiansNotTold.NOT_REACHED, 20),
    (GuardiansNotTold.OTHER, 10),
)
UNDER_REVIEW_FIRST = 0.7  # a case worker takes it under review before deciding
INVESTIGATED = 0.6
INVESTIGATED_ACUTE = 0.85
MEASURES = 0.45  # of the investigations ended
PUNCTUAL = (0.82, 0.99)  # each service's share of deadlines met
FORGOTTEN = 0.03  # feedback never given
# Days an investigation takes: (share, fewest, most); the law: three months, six at most.
INVESTIGATION_DAYS = ((0.85, 21, 90), (0.12, 91, 180), (0.03, 181, 240))
CONSULTATIONS_PER_REPORT = 0.35
CONSULTING_KINDS = (
    (UnitKind.SCHOOL, 30),
    (UnitKind.KINDERGARTEN, 25),
    (UnitKind.HEALTH_STATION, 20),
    (UnitKind.UPPER_SECONDARY, 5),
    (UnitKind.PPT, 8),
    (UnitKind.FAMILY_SERVICE, 7),
    (UnitKind.GP, 3),
    (UnitKind.POLICE, 2),
)
CONSULTATION_OUTCOMES = (
    (ConsultationOutcome.REPORT, 25),
    (ConsultationOutcome.NO_REPORT, 35),
    (ConsultationOutcome.OTHER_HELP, 30),
    (ConsultationOutcome.UNDECIDED, 10),
)
REMINDER_HOUR = 7  # the periodic job's morning run, Oslo time


@dataclass(frozen=True)
class StaffedUnit:
    id: int
    municipality: int  # the municipality's id
    kind: str
    staff: tuple[int, ...]  # user ids, the leader first


@dataclass(frozen=True)
class ChildAt:
    id: int
    municipality: int
    born: datetime.date
    enrolled: int | None  # the kindergarten or school the child attends


@dataclass(frozen=True)
class RelayLog:
    id: int
    child: int
    holder: int
    holder_unit: int
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None


@dataclass(slots=True)
class _Report:
    municipality: int
    child: int
    service: int  # the receiving child welfare unit
    source: str
    received_at: datetime.datetime
    acute: bool
    grounds: str
    observations: str
    reporter: int | None = None
    reporter_unit: int | None = None
    case: int | None = None
    registered_by: int | None = None
    received_from: str = ""
    guardians_not_told: str = ""  # the reason; "" when they were told
    explanation: str = ""
    status: str = Status.RECEIVED
    handler: int | None = None
    reviewed_at: datetime.datetime | None = None
    ended_at: datetime.datetime | None = None
    first_feedback: tuple[datetime.datetime, str] | None = None  # (given at, message)
    second_feedback: tuple[datetime.datetime, str] | None = None
    investigated: bool = False
    # (changed at, from, to, note)
    changes: list[tuple[datetime.datetime, str, str, str]] = field(default_factory=list)

    @property
    def review_due(self) -> datetime.date:
        return deadlines.review_due(self.received_at)

    @property
    def feedback_due(self) -> datetime.date:
        return deadlines.feedback_due(self.received_at)

    @property
    def second_feedback_due(self) -> datetime.date | None:
        return None if self.ended_at is None else deadlines.second_feedback_due(self.ended_at)


@dataclass(slots=True)
class _Consultation:
    service: int
    unit: StaffedUnit
    recorded_by: int
    held_on: datetime.date
    recorded_at: datetime.datetime
    summary: str
    advice: str
    outcome: str


class Reporting:
    """Decides the reports, their handling and the consultations in memory."""

    REPORT_COLUMNS = (
        "id",
        "municipality_id",
        "child_id",
        "receiving_unit_id",
        "reporter_id",
        "reporter_unit_id",
        "received_from",
        "registered_by_id",
        "source_kind",
        "case_id",
        "grounds",
        "observations",
        "acute",
        "guardians_told",
        "guardians_not_told_reason",
        "guardians_not_told_explanation",
        "status",
        "handler_id",
        "received_at",
        "reviewed_at",
        "investigation_ended_at",
        "first_feedback_at",
        "second_feedback_at",
        "review_due_on",
        "feedback_due_on",
        "second_feedback_due_on",
    )
    STATUS_CHANGE_COLUMNS = (
        "report_id",
        "from_status",
        "to_status",
        "changed_at",
        "changed_by_id",
        "note",
    )
    FEEDBACK_COLUMNS = (
        "report_id",
        "kind",
        "given_at",
        "given_by_id",
        "investigation_opened",
        "measures",
        "message",
    )
    REMINDER_COLUMNS = ("report_id", "deadline", "stage", "due_on", "sent_at", "recipients")
    CONSULTATION_COLUMNS = (
        "child_welfare_unit_id",
        "consulting_unit_id",
        "source_kind",
        "recorded_by_id",
        "held_on",
        "summary",
        "advice",
        "outcome",
        "recorded_at",
    )

    def __init__(
        self,
        rng: random.Random,
        today: datetime.date,
        municipalities: Sequence[int],
        units: Sequence[StaffedUnit],
        child_welfare: dict[int, int],
        children: Sequence[ChildAt],
        logs: Sequence[RelayLog],
    ) -> None:
        """`child_welfare`: the municipality's id → the child welfare unit serving it."""
        self.rng = rng
        self.today = today
        # Nothing has happened from midnight today, Oslo time.
        self.cutoff = datetime.datetime.combine(today, datetime.time(0), tzinfo=OSLO)
        self.first_day = today - datetime.timedelta(days=365 * YEARS)
        self.last_day = today - datetime.timedelta(days=1)
        self.municipalities = municipalities
        self.units = {u.id: u for u in units if u.staff}
        self.by_kind: dict[tuple[int, str], list[StaffedUnit]] = defaultdict(list)
        for unit in self.units.values():
            self.by_kind[(unit.municipality, unit.kind)].append(unit)
        self.child_welfare = child_welfare
        self.children: dict[int, list[ChildAt]] = defaultdict(list)
        for child in children:
            self.children[child.municipality].append(child)
        self.logs = {log.child: log for log in logs}
        self.reports: list[_Report] = []
        self.consultations: list[_Consultation] = []
        self.punctual: dict[int, float] = {}

    # -- deciding -------------------------------------------------------------------------

    def build(self) -> None:
        rng = self.rng
        for unit in sorted(set(self.child_welfare.values())):
            self.punctual[unit] = rng.uniform(*PUNCTUAL)
        for municipality in self.municipalities:
            service = self.child_welfare.get(municipality)
            children = self.children.get(municipality, [])
            if service not in self.units or not children:
                continue
            logged = [c for c in children if c.id in self.logs]
            count = round(len(children) * RATE_PER_YEAR * YEARS * rng.uniform(*RATE_SPREAD))
            made = 0
            for _attempt in range(count * 3):
                if made == count:
                    break
                pool = logged if logged and rng.random() < ABOUT_LOGGED_CHILD else children
                report = self._report(municipality, service, pool[rng.randrange(len(pool))])
                if report is not None:
                    self._handle(report)
                    self.reports.append(report)
                    made += 1
            for _ in range(round(made * CONSULTATIONS_PER_REPORT)):
                self._consultation(municipality, service)

    def _report(self, municipality: int, service: int, child: ChildAt) -> _Report | None:
        """A report about the child on a day of the three years, or None when the child
        was not born yet. From the child's relay log when it was open that day and its
        holder reports; otherwise from a source the child's age and school allow."""
        rng = self.rng
        day = self._day(self.first_day, self.last_day)
        if day is None or day < child.born + datetime.timedelta(days=14):
            return None
        log = self.logs.get(child.id)
        holder_unit = self.units.get(log.holder_unit) if log is not None else None
        if (
            log is not None
            and holder_unit is not None
            and holder_unit.kind != UnitKind.CHILD_WELFARE
            and _local(log.opened_at) < day
            and (log.closed_at is None or day <= _local(log.closed_at))
            and rng.random() < FROM_HOLDER
        ):
            source = SOURCE_BY_UNIT_KIND.get(holder_unit.kind, SourceKind.OTHERS)
            report = self._new(municipality, service, child, source, day)
            report.reporter, report.reporter_unit, report.case = (
                log.holder,
                holder_unit.id,
                log.id,
            )
            return report
        enrolled = self.units.get(child.enrolled) if child.enrolled is not None else None
        feasible = [
            (source, weight)
            for source, weight in SOURCE_WEIGHTS
            if (source != SourceKind.KINDERGARTEN or _kind(enrolled) == UnitKind.KINDERGARTEN)
            and (
                source != SourceKind.SCHOOL
                or _kind(enrolled) in (UnitKind.SCHOOL, UnitKind.UPPER_SECONDARY)
            )
        ]
        source = rng.choices([s for s, _ in feasible], [w for _, w in feasible])[0]
        report = self._new(municipality, service, child, source, day)
        sender = self._sender(municipality, source, enrolled)
        if sender is None or rng.random() < REGISTERED.get(source, 0.0):
            staff = self.units[service].staff
            report.registered_by = staff[rng.randrange(len(staff))]
            report.received_from = rng.choice(
                RECEIVED_FROM.get(source, RECEIVED_FROM[SourceKind.OTHERS])
            )
        else:
            report.reporter_unit = sender.id
            report.reporter = _colleague(rng, sender)
        return report

    def _sender(
        self, municipality: int, source: str, enrolled: StaffedUnit | None
    ) -> StaffedUnit | None:
        """A unit whose employee could send a report of this source about the child."""
        if source in (SourceKind.KINDERGARTEN, SourceKind.SCHOOL):
            return enrolled
        kinds = SENDER_KINDS.get(source, ())
        if not kinds:
            return None
        units = self.by_kind.get((municipality, self.rng.choice(kinds)), [])
        return units[0] if units else None

    def _new(
        self, municipality: int, service: int, child: ChildAt, source: str, day: datetime.date
    ) -> _Report:
        rng = self.rng
        acute = rng.random() < ACUTE.get(source, ACUTE_OTHERWISE)
        # Acute reports (the police's mostly) come at any hour; the rest in working hours.
        received_at = self._moment(day, 0, 24) if acute else self._moment(day, 8, 16)
        grounds, observations = rng.choice(TEXTS)
        report = _Report(
            municipality=municipality,
            child=child.id,
            service=service,
            source=source,
            received_at=received_at,
            acute=acute,
            grounds=grounds,
            observations=observations,
        )
        if rng.random() >= GUARDIANS_TOLD:
            reason = rng.choices([r for r, _ in NOT_TOLD], [w for _, w in NOT_TOLD])[0]
            report.guardians_not_told = reason
            if reason == GuardiansNotTold.OTHER:
                report.explanation = rng.choice(NOT_TOLD_EXPLANATIONS)
        return report

    def _handle(self, report: _Report) -> None:
        """Decide the handling up to its end, then keep what happened before today."""
        rng = self.rng
        punctual = self.punctual[report.service]
        handler = _colleague(rng, self.units[report.service])
        received = report.received_at
        changes: list[tuple[datetime.datetime, str, str, str]] = []
        moment = received
        if not report.acute and rng.random() < UNDER_REVIEW_FIRST:
            moment = self._after(moment, rng.randint(0, 2))
            changes.append((moment, Status.RECEIVED, Status.UNDER_REVIEW, ""))
        if report.acute:
            decided = self._after(moment, rng.choice((0, 0, 1)))
        elif rng.random() < punctual:
            day = _local(received) + datetime.timedelta(days=rng.randint(1, deadlines.REVIEW_DAYS))
            decided = self._after(moment, max(0, (day - _local(moment)).days))
        else:
            day = report.review_due + datetime.timedelta(days=rng.randint(1, 14))
            decided = self._after(moment, (day - _local(moment)).days)
        investigated = rng.random() < (INVESTIGATED_ACUTE if report.acute else INVESTIGATED)
        decision = Status.INVESTIGATION if investigated else Status.CLOSED_WITHOUT_INVESTIGATION
        changes.append((decided, changes[-1][2] if changes else Status.RECEIVED, decision, ""))

        first = None
        if rng.random() >= FORGOTTEN:
            first = self._feedback(decided, report.feedback_due, punctual)
        ended = second = None
        if investigated:
            ended = self._after(decided, self._investigation_days())
            outcome = (
                Status.MEASURES if rng.random() < MEASURES else Status.CLOSED_AFTER_INVESTIGATION
            )
            note = rng.choice(OUTCOME_NOTES[outcome])
            changes.append((ended, Status.INVESTIGATION, outcome, note))
            # The second feedback follows the first (rodtrad.reports.actions.feedback_due_kind).
            if first is not None and rng.random() >= FORGOTTEN:
                due = deadlines.second_feedback_due(ended)
                second = self._feedback(max(ended, first), due, punctual)

        # What happened before today.
        report.investigated = investigated
        cutoff = self.cutoff
        report.changes = [change for change in changes if change[0] < cutoff]
        if report.changes:
            report.status = report.changes[-1][2]
            report.handler = handler
        if decided < cutoff:
            report.reviewed_at = decided
        if ended is not None and ended < cutoff:
            report.ended_at = ended
        messages = FEEDBACK_MESSAGES
        if first is not None and first < cutoff:
            report.first_feedback = (first, rng.choice(messages))
            if second is not None and second < cutoff:
                report.second_feedback = (second, rng.choice(messages))

    def _consultation(self, municipality: int, service: int) -> None:
        rng = self.rng
        kinds = [k for k, _ in CONSULTING_KINDS]
        weights = [w for _, w in CONSULTING_KINDS]
        units = self.by_kind.get((municipality, rng.choices(kinds, weights)[0]))
        if not units:
            return
        unit = units[rng.randrange(len(units))]
        day = self._day(self.first_day, self.last_day)
        if day is None:
            return
        held = self._moment(day, 9, 15)
        recorded_at = held + datetime.timedelta(minutes=rng.randint(30, 60 * 48))
        if recorded_at >= self.cutoff:
            recorded_at = held + datetime.timedelta(minutes=30)
        outcome = rng.choices(
            [o for o, _ in CONSULTATION_OUTCOMES], [w for _, w in CONSULTATION_OUTCOMES]
        )[0]
        self.consultations.append(
            _Consultation(
                service=service,
                unit=unit,
                recorded_by=_colleague(rng, unit),
                held_on=day,
                recorded_at=recorded_at,
                summary=rng.choice(CONSULTATION_SUMMARIES),
                advice=rng.choice(ADVICE[outcome]),
                outcome=outcome,
            )
        )

    def _feedback(
        self, after: datetime.datetime, due: datetime.date, punctual: float
    ) -> datetime.datetime:
        """When feedback due on `due` is given, after `after`: in time for the
        service's share, else one to two weeks late."""
        rng = self.rng
        room = (due - _local(after)).days
        if room >= 0 and rng.random() < punctual:
            return self._after(after, rng.randint(0, room))
        return self._after(after, max(rng.randint(0, 7), room + rng.randint(1, 14)))

    def _investigation_days(self) -> int:
        share = self.rng.random()
        for part, fewest, most in INVESTIGATION_DAYS:
            if share < part:
                return self.rng.randint(fewest, most)
            share -= part
        _, fewest, most = INVESTIGATION_DAYS[-1]
        return self.rng.randint(fewest, most)

    # -- time -----------------------------------------------------------------------------

    def _day(self, first: datetime.date, last: datetime.date) -> datetime.date | None:
        """A day from `first` to `last`, fewer in July and at weekends."""
        if first > last:
            return None
        rng = self.rng
        span = (last - first).days
        day = first
        for _attempt in range(20):
            day = first + datetime.timedelta(days=rng.randint(0, span))
            weight = MONTH_WEIGHTS[day.month] / 10 * (WEEKEND if day.weekday() >= 5 else 1)
            if rng.random() < weight:
                break
        return day

    def _moment(self, day: datetime.date, first_hour: int, last_hour: int) -> datetime.datetime:
        """A moment on `day` between the hours, Oslo time (stored in UTC)."""
        minute = self.rng.randrange(first_hour * 60, last_hour * 60)
        local = datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60))
        return local.replace(tzinfo=OSLO).astimezone(UTC)

    def _after(self, moment: datetime.datetime, days: int) -> datetime.datetime:
        """A working-hours moment `days` Oslo days after `moment`, and after it."""
        day = _local(moment) + datetime.timedelta(days=days)
        later = self._moment(day, 8, 16)
        if later <= moment:
            later = moment + datetime.timedelta(minutes=self.rng.randint(5, 120))
        return later

    # -- rows -----------------------------------------------------------------------------

    @property
    def open_reports(self) -> int:
        return sum(1 for r in self.reports if r.status in OPEN_STATUSES)

    def report_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for report_id, r in zip(ids, self.reports, strict=True):
            yield (
                report_id,
                r.municipality,
                r.child,
                r.service,
                r.reporter,
                r.reporter_unit,
                r.received_from,
                r.registered_by,
                r.source,
                r.case,
                r.grounds,
                r.observations,
                r.acute,
                not r.guardians_not_told,
                r.guardians_not_told,
                r.explanation,
                r.status,
                r.handler,
                r.received_at,
                r.reviewed_at,
                r.ended_at,
                r.first_feedback[0] if r.first_feedback else None,
                r.second_feedback[0] if r.second_feedback else None,
                r.review_due,
                r.feedback_due,
                r.second_feedback_due,
            )

    def status_change_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for report_id, r in zip(ids, self.reports, strict=True):
            for changed_at, old, new, note in r.changes:
                yield (report_id, old, new, changed_at, r.handler, note)

    def feedback_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for report_id, r in zip(ids, self.reports, strict=True):
            if r.first_feedback is not None:
                given_at, message = r.first_feedback
                yield (
                    report_id,
                    FeedbackKind.FIRST,
                    given_at,
                    r.handler,
                    r.investigated,
                    None,
                    message,
                )
            if r.second_feedback is not None:
                given_at, message = r.second_feedback
                measures = r.status == Status.MEASURES
                yield (report_id, FeedbackKind.SECOND, given_at, r.handler, None, measures, message)

    def reminder_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        """The reminders send_report_deadline_reminders would have sent, run each
        morning: two days before a deadline not yet met, and the day after it passed."""
        for report_id, r in zip(ids, self.reports, strict=True):
            rows: list[tuple[str, datetime.date, datetime.datetime | None]] = [
                (Deadline.REVIEW, r.review_due, r.reviewed_at),
                (
                    Deadline.FEEDBACK,
                    r.feedback_due,
                    r.first_feedback[0] if r.first_feedback else None,
                ),
            ]
            second_due = r.second_feedback_due
            if second_due is not None:
                done = r.second_feedback[0] if r.second_feedback else None
                rows.append((Deadline.SECOND_FEEDBACK, second_due, done))
            for deadline, due, done in rows:
                for stage, day in (
                    (
                        ReminderStage.SOON,
                        due - datetime.timedelta(days=deadlines.REMIND_DAYS_BEFORE),
                    ),
                    (ReminderStage.OVERDUE, due + datetime.timedelta(days=1)),
                ):
                    sent_at = datetime.datetime.combine(
                        day, datetime.time(REMINDER_HOUR), tzinfo=OSLO
                    ).astimezone(UTC)
                    if (
                        sent_at < self.cutoff
                        and sent_at > r.received_at
                        and (done is None or done > sent_at)
                    ):
                        yield (report_id, deadline, stage, due, sent_at, 1)

    def consultation_rows(self) -> Iterator[tuple[Any, ...]]:
        for c in self.consultations:
            yield (
                c.service,
                c.unit.id,
                SOURCE_BY_UNIT_KIND.get(c.unit.kind, SourceKind.OTHERS),
                c.recorded_by,
                c.held_on,
                c.summary,
                c.advice,
                c.outcome,
                c.recorded_at,
            )


def _kind(unit: StaffedUnit | None) -> str | None:
    return None if unit is None else unit.kind


def _local(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(OSLO).date()


def _colleague(rng: random.Random, unit: StaffedUnit) -> int:
    """An employee of the unit; its leader (the first) now and then."""
    staff = unit.staff
    if len(staff) == 1 or rng.random() < 0.15:
        return staff[0]
    return staff[rng.randrange(1, len(staff))]


# -- text ----------------------------------------------------------------------------------
# Norwegian, without names.

TEXTS = (
    (
        "Barnet kommer ofte sultent og uten matpakke, og klærne er ikke tilpasset været.",
        "Gjentatte ganger de siste ukene: uten matpakke, i tynne sko i snøvær. Tatt opp med "
        "foreldrene uten at det har endret seg.",
    ),
    (
        "Barnet har fortalt om voldsomme krangler hjemme og er redd for å gå hjem.",
        "Barnet sa i dag at «pappa slår i veggen og roper», og ville ikke gå hjem etter skolen. "
        "Virket redd og urolig hele dagen.",
    ),
    (
        "Blåmerker som barnet ikke vil forklare.",
        "Blåmerker på overarmene, sett i garderoben i formiddag. Barnet trakk seg unna da vi "
        "spurte, og sa at det ikke fikk fortelle.",
    ),
    (
        "Stort fravær over lang tid, og skolen når ikke foreldrene.",
        "Over 25 % fravær dette halvåret, mest enkeltdager. Tre brev og flere telefoner til "
        "foreldrene er ikke besvart.",
    ),
    (
        "Vi er bekymret for foreldrenes rusbruk.",
        "Forelderen som hentet i går luktet alkohol og virket ustø. Det har skjedd før, og "
        "barnet har sagt at mamma «sover mye på dagen».",
    ),
    (
        "Barnet viser tegn på å ikke ha det bra: trekker seg unna, gråter ofte, har sluttet "
        "å leke.",
        "Gjennom de siste to månedene: sitter alene, gråter ved levering, spiser lite. Samtaler "
        "med foreldrene har ikke gitt noen forklaring.",
    ),
    (
        "Ungdommen har fortalt om selvskading og sier at ingen hjemme vet.",
        "Kutt på underarmen, sett i gymtimen. Ungdommen fortalte etterpå at det har pågått en "
        "stund, og ba oss ikke si det til foreldrene.",
    ),
    (
        "Barnet har seksualisert atferd som ikke passer alderen.",
        "Flere episoder siste uke med lek og ord som ikke passer alderen. Beskrevet av to ansatte "
        "hver for seg.",
    ),
    (
        "Politiet rykket ut til husbråk der barnet var til stede.",
        "Utrykning i natt etter melding om husbråk. Barnet var hjemme og våken. Forelder pågrepet "
        "og løslatt i dag.",
    ),
    (
        "Forsinket utvikling og manglende oppfølging av helsekontroller.",
        "Har ikke møtt til tre avtalte kontroller. Vekten har flatet ut siden forrige måling, og "
        "språket er forsinket.",
    ),
)
RECEIVED_FROM: dict[str, tuple[str, ...]] = {
    SourceKind.POLICE: (
        "Politiet, operasjonssentralen",
        "Politiet, etter utrykning",
        "Politiet, seksjon for etterforskning",
    ),
    SourceKind.GUARDIANS: (
        "Mor, på telefon",
        "Far, på telefon",
        "Mor, brev",
        "Forelder, oppmøte på kontoret",
    ),
    SourceKind.GP: ("Legevakten", "Sykehuset, barneavdelingen", "Fastlege, brev", "BUP"),
    SourceKind.OTHERS: (
        "Nabo, anonymt",
        "Anonym telefon",
        "Barneverntjenesten i en annen kommune",
        "Krisesenteret",
        "Barnet selv",
        "Besteforelder",
        "Tannhelsetjenesten",
        "Fritidsklubben",
    ),
}
NOT_TOLD_EXPLANATIONS = (
    "Foreldrene er på reise, og barnet bor hos besteforeldre.",
    "Forelderen snakker lite norsk, og vi venter på tolk.",
    "Vi har ikke fått kontakt, og saken haster.",
)
OUTCOME_NOTES: dict[str, tuple[str, ...]] = {
    Status.MEASURES: (
        "Hjelpetiltak i hjemmet vedtatt.",
        "Foreldreveiledning og avlastning vedtatt.",
        "Tiltak i samarbeid med skolen.",
        "",
    ),
    Status.CLOSED_AFTER_INVESTIGATION: (
        "Ikke grunnlag for tiltak etter barnevernsloven.",
        "Familien takket nei til frivillige tiltak; henlagt.",
        "Henlagt. Familien får hjelp fra familiesenteret.",
        "",
    ),
}
FEEDBACK_MESSAGES = (
    "",
    "",
    "Takk for meldingen.",
    "Ta gjerne kontakt om dere blir bekymret igjen.",
    "Vi ber dere følge med som før og melde igjen ved ny bekymring.",
)
CONSULTATION_SUMMARIES = (
    "En gutt i 2. klasse har hatt mye fravær og virker sliten. Er det nok til å melde?",
    "Ei jente i barnehagen sier at hun ikke vil hjem. Foreldrene avviser at noe er galt.",
    "En ungdom forteller om strenge regler hjemme og trusler om å bli sendt til utlandet.",
    "Et barn kommer ofte for sent og uten mat. Foreldrene sier de har det travelt.",
    "Vi har sett blåmerker én gang. Barnet forklarte det med fall på sykkel.",
    "En forelder har virket påvirket ved henting to ganger.",
    "Ungdommen har sluttet å komme på skolen og isolerer seg hjemme.",
)
ADVICE: dict[str, tuple[str, ...]] = {
    ConsultationOutcome.REPORT: (
        "Send bekymringsmelding. Snakk ikke med foreldrene først.",
        "Dette bør meldes. Beskriv hva dere har sett, og når.",
    ),
    ConsultationOutcome.NO_REPORT: (
        "Ikke grunnlag for melding nå. Følg med og dokumenter.",
        "Snakk med foreldrene og avtal en ny samtale om fire uker.",
    ),
    ConsultationOutcome.OTHER_HELP: (
        "Tilby samtale med helsesykepleier, og vurder stafettlogg.",
        "Ta saken til drøftingsteamet med samtykke fra foreldrene.",
    ),
    ConsultationOutcome.UNDECIDED: ("Vi tar ny drøfting når dere vet mer.", ""),
}
