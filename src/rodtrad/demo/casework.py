"""Employees and relay logs for the generated data set (``rodtrad generate``).

Pure data, no database: `generator.py` takes primary keys and COPYs the rows.

What it makes, for each generated municipality:
- employees with a membership in the units they work in (the first of each
  unit is its leader), more in the services of large municipalities;
- relay logs (stafettlogger) for about three children in ten, most open, held
  by an employee of the child's kindergarten or school or of a service;
  levels 0–3 with the units that joined at level 2 and 3;
- the timeline: most logs have a handful of entries, a few have hundreds or
  thousands (log-normal), each kind with text that reads like the real thing;
- measures in the action plans with evaluations of the older ones, and the
  newest measure of an open log due for evaluation around today (some
  overdue, some in the coming week), so reminders and "Mine saker" have work.

Dates are relative to `today` (the day the data are generated, or the one the
caller gives): the same seed, options and day give the same rows.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rodtrad.cases.models import (
    Category,
    ConversationWith,
    EntryKind,
    EvaluationDecision,
    EvaluationResult,
    LeaderDecision,
    Level,
    MeasureStatus,
    Status,
)
from rodtrad.demo import names
from rodtrad.organisation.models import Role, UnitKind

# Share of children with a relay log, and of those logs that are open:
# 200 000 children give 60 000 logs, 52 200 of them open.
CHILDREN_WITH_CASE = 0.30
OPEN_SHARE = 0.87
# Entries written by hand per log: log-normal around a median of 15, so most
# logs are short and a few run to thousands (mean about 33 with the entries the
# measures, evaluations and level changes add: 2 million for 60 000 logs).
ENTRIES_MEDIAN = 15
ENTRIES_SIGMA = 1.25
MOST_ENTRIES = 3000
OLDEST_CASE_DAYS = 4 * 365
# Levels of the open logs (0: wondering, 3: broad collaboration).
LEVEL_WEIGHTS = (
    (Level.WONDER, 30),
    (Level.OWN_SERVICE, 38),
    (Level.SIMPLE_COLLABORATION, 22),
    (Level.BROAD_COLLABORATION, 10),
)
# Employees with a login per unit: (fixed, one more per this many children in the municipality).
STAFF: dict[str, tuple[int, int]] = {
    UnitKind.KINDERGARTEN: (4, 0),
    UnitKind.SCHOOL: (8, 0),
    UnitKind.UPPER_SECONDARY: (10, 0),
    UnitKind.HEALTH_STATION: (2, 700),
    UnitKind.PPT: (2, 1500),
    UnitKind.CHILD_WELFARE: (3, 1000),
    UnitKind.FAMILY_SERVICE: (2, 1500),
    UnitKind.NAV: (1, 4000),
    UnitKind.MENTAL_HEALTH: (1, 4000),
    UnitKind.COORDINATING: (1, 10000),
    UnitKind.CULTURE_LEISURE: (1, 0),
    UnitKind.GP: (1, 5000),
    UnitKind.POLICE: (1, 0),
    UnitKind.OTHER: (1, 0),
}
# Who holds a log when the child's own kindergarten or school does not (weights).
SERVICE_HOLDERS = (
    (UnitKind.HEALTH_STATION, 45),
    (UnitKind.FAMILY_SERVICE, 20),
    (UnitKind.PPT, 15),
    (UnitKind.CHILD_WELFARE, 10),
    (UnitKind.MENTAL_HEALTH, 5),
    (UnitKind.NAV, 5),
)
HELD_BY_OWN_UNIT = 0.7
# Services that join a log at level 2 and 3.
JOINING_KINDS = (
    UnitKind.HEALTH_STATION,
    UnitKind.PPT,
    UnitKind.FAMILY_SERVICE,
    UnitKind.CHILD_WELFARE,
    UnitKind.MENTAL_HEALTH,
)
# Entries written by hand, after the first concern (weights).
WRITTEN_WEIGHTS = (
    (EntryKind.OBSERVATION, 32),
    (EntryKind.NOTE, 22),
    (EntryKind.CONVERSATION, 16),
    (EntryKind.BRIGHT_SPOT, 14),
    (EntryKind.CONCERN, 10),
    (EntryKind.LEADER_REVIEW, 3),
    (EntryKind.LEADER_DECISION, 3),
)
USERNAME_PREFIX = "gen"  # gen8001-00017: generated employees, found again by this pattern
USERNAME_PATTERN = r"^gen8[0-9]{3}-[0-9]{5}$"
UTC = datetime.UTC


def username(municipality_number: str, n: int) -> str:
    return f"{USERNAME_PREFIX}{municipality_number}-{n:05d}"


def staff_size(kind: str, municipality_children: int) -> int:
    fixed, per = STAFF.get(kind, (1, 0))
    return fixed + (municipality_children // per if per else 0)


@dataclass(frozen=True)
class StaffedUnit:
    id: int
    municipality: int  # index of the municipality
    kind: str
    staff: tuple[int, ...]  # user ids, the leader first


@dataclass(frozen=True)
class ChildPlace:
    id: int
    municipality: int  # index of the municipality
    unit: int | None  # the kindergarten or school the child is enrolled in


@dataclass(slots=True)
class _Case:
    child: int
    municipality: int
    level: int
    open: bool
    holder: int
    unit: StaffedUnit
    opened_at: datetime.datetime
    ends_at: datetime.datetime  # closed, or the last moment of activity
    written: int  # entries written by hand
    seed: int
    joined: list[tuple[StaffedUnit, datetime.datetime]] = field(default_factory=list)
    level_changes: list[datetime.datetime] = field(default_factory=list)
    review_requested_at: datetime.datetime | None = None


@dataclass(slots=True)
class _Measure:
    case: int
    responsible: int
    unit: int
    created_at: datetime.datetime
    starts_on: datetime.date
    evaluate_on: datetime.date
    status: str
    goal: str
    description: str
    intervention: str


@dataclass(slots=True)
class _Evaluation:
    case: int
    measure: int
    author: int
    held_on: datetime.date
    result: int
    decision: str
    participants: str
    child_view: str
    guardians_view: str
    notes: str


class Casework:
    """Decides the logs, measures and evaluations in memory; streams the entries."""

    def __init__(
        self,
        rng: random.Random,
        today: datetime.date,
        units: Sequence[StaffedUnit],
        children: Sequence[ChildPlace],
        seed: int,
    ) -> None:
        self.rng = rng
        self.today = today
        self.seed = seed
        self.units = {u.id: u for u in units}
        self.services: dict[tuple[int, str], list[StaffedUnit]] = {}
        for unit in units:
            if unit.staff:
                self.services.setdefault((unit.municipality, unit.kind), []).append(unit)
        self.children = children
        self.cases: list[_Case] = []
        self.measures: list[_Measure] = []
        self.evaluations: list[_Evaluation] = []
        # Measures of each case, in the order they were made (indexes into self.measures).
        self.case_measures: dict[int, list[int]] = {}
        self.case_evaluations: dict[int, list[int]] = {}

    # -- deciding -------------------------------------------------------------------------

    def build(self) -> None:
        rng = self.rng
        count = round(len(self.children) * CHILDREN_WITH_CASE)
        chosen = rng.sample(range(len(self.children)), count)
        opened = round(count * OPEN_SHARE)
        levels = [level for level, _ in LEVEL_WEIGHTS]
        weights = [weight for _, weight in LEVEL_WEIGHTS]
        for n, child_index in enumerate(chosen):
            child = self.children[child_index]
            unit = self._holding_unit(child)
            if unit is None:
                continue
            self._case(child, unit, rng.choices(levels, weights)[0], open_=n < opened)

    def _holding_unit(self, child: ChildPlace) -> StaffedUnit | None:
        rng = self.rng
        own = self.units.get(child.unit) if child.unit is not None else None
        if own is not None and own.staff and rng.random() < HELD_BY_OWN_UNIT:
            return own
        kinds = [kind for kind, _ in SERVICE_HOLDERS]
        weights = [weight for _, weight in SERVICE_HOLDERS]
        for _attempt in range(4):
            candidates = self.services.get((child.municipality, rng.choices(kinds, weights)[0]))
            if candidates:
                return candidates[rng.randrange(len(candidates))]
        return own

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """A moment in working hours (07–16 Norwegian time) on `day`."""
        minute = self.rng.randrange(6 * 60, 15 * 60)
        return datetime.datetime(day.year, day.month, day.day, tzinfo=UTC) + datetime.timedelta(
            minutes=minute
        )

    def _case(self, child: ChildPlace, unit: StaffedUnit, level: int, *, open_: bool) -> None:
        rng = self.rng
        written = min(
            MOST_ENTRIES, max(1, round(rng.lognormvariate(math.log(ENTRIES_MEDIAN), ENTRIES_SIGMA)))
        )
        # Longer logs have run longer: a few days per entry, from a month to four years.
        days = min(OLDEST_CASE_DAYS, int(30 + written * rng.uniform(2, 8)))
        if open_:
            last = self.today - datetime.timedelta(days=1)
        else:
            last = self.today - datetime.timedelta(days=rng.randint(2, 700))
            level = min(level, rng.choice((0, 1, 1, 2)))
        first = last - datetime.timedelta(days=days)
        opened_at = self._moment(first)
        ends_at = max(self._moment(last), opened_at + datetime.timedelta(minutes=5))
        # Some employees hold more logs than others (the first ones, the leader included).
        staff = unit.staff
        holder = staff[min(rng.randrange(len(staff)), rng.randrange(len(staff)))]
        case = _Case(
            child=child.id,
            municipality=child.municipality,
            level=level,
            open=open_,
            holder=holder,
            unit=unit,
            opened_at=opened_at,
            ends_at=ends_at,
            written=written,
            seed=rng.randrange(2**62),
        )
        span = ends_at - opened_at
        # Level changes in the first half of the log: 0 → 1 → … → level.
        case.level_changes = sorted(opened_at + span * rng.uniform(0.05, 0.5) for _ in range(level))
        if level >= Level.SIMPLE_COLLABORATION:
            joining = [
                u
                for kind in JOINING_KINDS
                for u in self.services.get((child.municipality, kind), [])[:1]
                if u.id != unit.id and u.staff
            ]
            rng.shuffle(joining)
            joined_at = case.level_changes[1]
            extra = 1 if level == Level.SIMPLE_COLLABORATION else rng.randint(2, 3)
            case.joined = [
                (u, joined_at + datetime.timedelta(minutes=i + 1))
                for i, u in enumerate(joining[:extra])
            ]
        if open_ and level == Level.WONDER and rng.random() < 0.15:
            case.review_requested_at = ends_at - span * rng.uniform(0, 0.2)
        index = len(self.cases)
        self.cases.append(case)
        self._measures(index, case)

    def _measures(self, index: int, case: _Case) -> None:
        rng = self.rng
        if case.level == Level.WONDER:
            return
        count = {1: rng.randint(1, 2), 2: rng.randint(2, 3), 3: rng.randint(2, 5)}[case.level]
        start = case.level_changes[0]
        span = case.ends_at - start
        moments = sorted(start + span * rng.uniform(0.02, 1) for _ in range(count))
        owners = [(case.holder, case.unit.id)] + [(u.staff[0], u.id) for u, _ in case.joined]
        mine: list[int] = []
        evaluated: list[int] = []
        for n, moment in enumerate(moments):
            starts_on = moment.date()
            newest = n == count - 1
            if case.open and newest:
                # Due around today: some overdue, some in the coming week, most later.
                evaluate_on = max(starts_on, self.today + datetime.timedelta(rng.randint(-21, 60)))
            else:
                evaluate_on = starts_on + datetime.timedelta(days=rng.randint(42, 84))
            held = evaluate_on <= case.ends_at.date() and not (case.open and newest)
            if held:
                status = rng.choice(
                    (MeasureStatus.COMPLETED, MeasureStatus.COMPLETED, MeasureStatus.STOPPED)
                )
            elif case.open:
                status = rng.choice(
                    (MeasureStatus.ACTIVE, MeasureStatus.ACTIVE, MeasureStatus.PLANNED)
                )
            else:
                status = MeasureStatus.COMPLETED
            responsible, unit = owners[rng.randrange(len(owners))]
            goal, description, intervention = rng.choice(MEASURES)
            mine.append(len(self.measures))
            self.measures.append(
                _Measure(
                    case=index,
                    responsible=responsible,
                    unit=unit,
                    created_at=moment,
                    starts_on=starts_on,
                    evaluate_on=evaluate_on,
                    status=status,
                    goal=goal,
                    description=description,
                    intervention=intervention,
                )
            )
            if held:
                evaluated.append(len(self.evaluations))
                self.evaluations.append(
                    _Evaluation(
                        case=index,
                        measure=mine[-1],
                        author=case.holder,
                        held_on=evaluate_on,
                        result=rng.choice(EvaluationResult.values),
                        decision=rng.choice(
                            (
                                EvaluationDecision.CONTINUE,
                                EvaluationDecision.ADJUST,
                                EvaluationDecision.CLOSE,
                            )
                        ),
                        participants=rng.choice(PARTICIPANTS),
                        child_view=rng.choice(CHILD_VIEWS),
                        guardians_view=rng.choice(GUARDIAN_VIEWS),
                        notes=rng.choice(EVALUATION_NOTES),
                    )
                )
        self.case_measures[index] = mine
        self.case_evaluations[index] = evaluated

    # -- rows -----------------------------------------------------------------------------

    @property
    def open_cases(self) -> int:
        return sum(1 for case in self.cases if case.open)

    def case_rows(
        self, case_ids: Sequence[int], municipality_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        for case_id, case in zip(case_ids, self.cases, strict=True):
            yield (
                case_id,
                municipality_ids[case.municipality],
                case.child,
                case.level,
                Status.OPEN if case.open else Status.CLOSED,
                case.holder,
                case.unit.id,
                case.holder,
                case.review_requested_at,
                case.opened_at,
                None if case.open else case.ends_at,
                1 + case.level + len(case.joined),
            )

    def case_unit_rows(self, case_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for case_id, case in zip(case_ids, self.cases, strict=True):
            yield (case_id, case.unit.id, case.opened_at)
            for unit, joined_at in case.joined:
                yield (case_id, unit.id, joined_at)

    def measure_rows(
        self, measure_ids: Sequence[int], case_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        for measure_id, m in zip(measure_ids, self.measures, strict=True):
            yield (
                measure_id,
                case_ids[m.case],
                m.goal,
                m.description,
                m.responsible,
                m.unit,
                m.starts_on,
                m.evaluate_on,
                m.intervention,
                m.status,
                self.cases[m.case].holder,
                m.created_at,
                m.created_at,
            )

    def evaluation_rows(
        self, evaluation_ids: Sequence[int], case_ids: Sequence[int], measure_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        for evaluation_id, e in zip(evaluation_ids, self.evaluations, strict=True):
            created = datetime.datetime.combine(
                e.held_on, datetime.time(12, 0), tzinfo=UTC
            ) + datetime.timedelta(minutes=evaluation_id % 180)
            yield (
                evaluation_id,
                case_ids[e.case],
                measure_ids[e.measure],
                e.held_on,
                e.participants,
                True,
                True,
                e.child_view,
                e.guardians_view,
                e.result,
                e.decision,
                e.notes,
                e.author,
                created,
                created,
            )

    # Entry columns, in the order entry_rows gives them.
    ENTRY_COLUMNS = (
        "case_id",
        "kind",
        "author_id",
        "author_unit_id",
        "created_at",
        "updated_at",
        "occurred_on",
        "text",
        "categories",
        "conversation_with",
        "child_words",
        "guardians_view",
        "leader_decision",
        "decided_by_id",
        "level_from",
        "level_to",
        "unit_id",
        "measure_id",
        "evaluation_id",
    )

    def entry_rows(
        self,
        case_ids: Sequence[int],
        measure_ids: Sequence[int],
        evaluation_ids: Sequence[int],
    ) -> Iterator[tuple[Any, ...]]:
        """Each log's timeline in the order it was written. Every log has its own
        random stream (seeded when the log was decided), so the entries need
        not be kept in memory."""
        for index, (case_id, case) in enumerate(zip(case_ids, self.cases, strict=True)):
            yield from self._timeline(index, case_id, case, measure_ids, evaluation_ids)

    def _timeline(
        self,
        index: int,
        case_id: int,
        case: _Case,
        measure_ids: Sequence[int],
        evaluation_ids: Sequence[int],
    ) -> list[tuple[Any, ...]]:
        # Plain str and list constants: this runs two million times (enum lookups are slow).
        rng = random.Random(case.seed)  # noqa: S311 - made-up data
        random_ = rng.random

        def choice(items: Sequence[Any]) -> Any:
            return items[int(random_() * len(items))]

        unit_id = case.unit.id
        holder = case.holder
        leader = case.unit.staff[0]
        opened, span = case.opened_at, case.ends_at - case.opened_at
        rows: list[tuple[Any, ...]] = []
        append = rows.append

        def add(
            moment: datetime.datetime,
            kind: str,
            author: int = holder,
            author_unit: int = unit_id,
            text: str = "",
            categories: list[str] = _NONE,
            *,
            occurred_on: datetime.date | None = None,
            conversation_with: str = "",
            child_words: str = "",
            guardians_view: str = "",
            leader_decision: str = "",
            decided_by: int | None = None,
            level_from: int | None = None,
            level_to: int | None = None,
            unit: int | None = None,
            measure: int | None = None,
            evaluation: int | None = None,
        ) -> None:
            append(
                (
                    case_id,
                    kind,
                    author,
                    author_unit,
                    moment,
                    moment,
                    occurred_on or moment.date(),
                    text,
                    categories,
                    conversation_with,
                    child_words,
                    guardians_view,
                    leader_decision,
                    decided_by,
                    level_from,
                    level_to,
                    unit,
                    measure,
                    evaluation,
                )
            )

        add(opened, _CONCERN, text=_sentence(rng, CONCERNS), categories=_categories(rng))
        writers = [(holder, unit_id)] * 6 + [(c, unit_id) for c in case.unit.staff[:3]]
        for u, joined_at in case.joined:
            writers += [(u.staff[0], u.id)] * 2
            add(joined_at, _UNIT_JOINED, unit=u.id)
        written = case.written
        for n in range(written - 1):
            moment = opened + span * ((n + random_()) / written)
            kind = _WRITTEN_KINDS[bisect.bisect(_WRITTEN_CUMULATIVE, random_() * _WRITTEN_TOTAL)]
            author, author_unit = choice(writers)
            if kind == _LEADER_DECISION:
                add(
                    moment,
                    kind,
                    author,
                    author_unit,
                    choice(LEADER_DECISIONS),
                    leader_decision=_KEEP_WATCHING,
                    decided_by=leader,
                )
            elif kind == _CONVERSATION:
                add(
                    moment,
                    kind,
                    author,
                    author_unit,
                    _sentence(rng, ASSESSMENTS),
                    conversation_with=choice(_CONVERSATION_WITH),
                    child_words=choice(CHILD_VIEWS),
                    guardians_view=choice(GUARDIAN_VIEWS),
                )
            elif kind == _LEADER_REVIEW:
                add(moment, kind, author, author_unit, choice(LEADER_REVIEWS))
            elif kind == _NOTE:
                add(moment, kind, author, author_unit, _sentence(rng, NOTES))
            else:
                text = _sentence(rng, WRITTEN_TEXTS[kind])
                add(moment, kind, author, author_unit, text, _categories(rng))
        for level, moment in enumerate(case.level_changes):
            add(
                moment,
                _LEVEL_CHANGE,
                text=choice(LEVEL_REASONS),
                level_from=level,
                level_to=level + 1,
            )
        for m in self.case_measures.get(index, ()):
            add(self.measures[m].created_at, _MEASURE, measure=measure_ids[m])
        for e in self.case_evaluations.get(index, ()):
            evaluation = self.evaluations[e]
            moment = datetime.datetime.combine(evaluation.held_on, datetime.time(13, 0), tzinfo=UTC)
            add(
                min(moment, case.ends_at),
                _EVALUATION,
                occurred_on=evaluation.held_on,
                evaluation=evaluation_ids[e],
                measure=measure_ids[evaluation.measure],
            )
        if not case.open:
            add(case.ends_at, _CLOSED, text=choice(CLOSINGS))
        rows.sort(key=_when)
        return rows


def _when(row: tuple[Any, ...]) -> datetime.datetime:
    return row[4]  # type: ignore[no-any-return]


_NONE: list[str] = []
_CATEGORIES = [str(value) for value in Category.values]
_CATEGORY_CHOICES: list[list[str]] = (
    [_NONE] * 30
    + [[c] for c in _CATEGORIES] * 10
    + [list(pair) for pair in itertools.permutations(_CATEGORIES, 2)]
)
_CONVERSATION_WITH = [str(value) for value in ConversationWith.values]
_WRITTEN_KINDS = [str(kind) for kind, _ in WRITTEN_WEIGHTS]
_WRITTEN_CUMULATIVE = list(itertools.accumulate(weight for _, weight in WRITTEN_WEIGHTS))
_WRITTEN_TOTAL = _WRITTEN_CUMULATIVE[-1]
_CONCERN, _NOTE, _CONVERSATION = (
    str(EntryKind.CONCERN),
    str(EntryKind.NOTE),
    str(EntryKind.CONVERSATION),
)
_LEADER_REVIEW, _LEADER_DECISION = str(EntryKind.LEADER_REVIEW), str(EntryKind.LEADER_DECISION)
_UNIT_JOINED, _LEVEL_CHANGE = str(EntryKind.UNIT_JOINED), str(EntryKind.LEVEL_CHANGE)
_MEASURE, _EVALUATION, _CLOSED = (
    str(EntryKind.MEASURE),
    str(EntryKind.EVALUATION),
    str(EntryKind.CLOSED),
)
_KEEP_WATCHING = str(LeaderDecision.KEEP_WATCHING)


def _categories(rng: random.Random) -> list[str]:
    """None for a quarter of the entries, one for half, two for the rest."""
    return _CATEGORY_CHOICES[int(rng.random() * len(_CATEGORY_CHOICES))]


def _sentence(rng: random.Random, phrases: tuple[tuple[str, ...], ...]) -> str:
    """One phrase from each group: «I dag satt barnet for seg selv og …»."""
    sentences = _SENTENCES[id(phrases)]
    return sentences[int(rng.random() * len(sentences))]


# -- text ----------------------------------------------------------------------------------
# Norwegian, as employees write it; no names, so no entry points at anyone.

CONCERNS = (
    (
        "Barnet virker tilbaketrukket.",
        "Barnet er ofte sulten når det kommer.",
        "Barnet har mye fravær den siste tiden.",
        "Barnet blir lett urolig og utagerende.",
        "Barnet sier lite og leker mest alene.",
        "Barnet har ofte ikke med seg klær etter været.",
    ),
    (
        "Det har vart i noen uker.",
        "Vi har sett det over lengre tid.",
        "Det er mer tydelig etter helgene.",
        "Det har blitt verre siden jul.",
        "Flere i personalet har lagt merke til det.",
    ),
    (
        "Vi ønsker å følge med og snakke med foreldrene.",
        "Jeg tar det opp med leder.",
        "Vi vil undersøke nærmere før vi gjør noe mer.",
        "Foreldrene er informert om at vi følger med.",
    ),
)
OBSERVATIONS = (
    (
        "I dag",
        "I samlingsstunden",
        "I friminuttet",
        "Ved levering i morges",
        "I matpausen",
        "På tur",
    ),
    (
        "satt barnet for seg selv",
        "ble barnet lei seg uten tydelig grunn",
        "lekte barnet fint med to andre",
        "reagerte barnet sterkt på en beskjed",
        "spiste barnet svært mye",
        "var barnet trøtt og uopplagt",
        "fortalte barnet at det gruet seg til å dra hjem",
    ),
    (
        "og trengte hjelp fra en voksen.",
        "men roet seg etter en stund.",
        "og ville ikke snakke om det.",
        "og det var tydelig at noe plaget.",
        "som de andre dagene denne uken.",
    ),
)
BRIGHT_SPOTS = (
    ("En god dag:", "Lysglimt:", "Fin fremgang:", "Verdt å merke seg:"),
    (
        "barnet tok selv kontakt med en venn",
        "barnet fortalte stolt om helgen",
        "barnet fullførte oppgaven uten hjelp",
        "barnet lo og var med i leken hele formiddagen",
        "barnet møtte presis og hadde med matpakke",
    ),
    (
        "og virket glad.",
        "og fikk ros for det.",
        "for første gang på lenge.",
        "og det smittet over på gruppen.",
    ),
)
NOTES = (
    (
        "Ringte foreldrene",
        "Snakket med helsesykepleier",
        "Hadde møte med kontaktlærer",
        "Sendte melding til foresatte",
        "Avtalte oppfølging med leder",
    ),
    (
        "om situasjonen.",
        "om tiltakene vi har startet.",
        "om veien videre.",
        "om oppmøte og rutiner.",
    ),
    (
        "Ny avtale om to uker.",
        "De ønsker å være med videre.",
        "Vi venter på svar.",
        "Alt er skrevet ned i planen.",
    ),
)
ASSESSMENTS = (
    ("Min vurdering er at", "Det virker som", "Jeg opplever at"),
    (
        "barnet trenger mer forutsigbarhet",
        "foreldrene er motivert for samarbeid",
        "situasjonen hjemme er krevende nå",
        "barnet har det bedre enn i høst",
    ),
    (
        "og at vi bør fortsette som nå.",
        "og at vi bør vurdere å hente inn flere.",
        "men at vi må følge med videre.",
    ),
)
WRITTEN_TEXTS: dict[str, tuple[tuple[str, ...], ...]] = {
    str(EntryKind.CONCERN): CONCERNS,
    str(EntryKind.OBSERVATION): OBSERVATIONS,
    str(EntryKind.BRIGHT_SPOT): BRIGHT_SPOTS,
    str(EntryKind.NOTE): NOTES,
}
CHILD_VIEWS = (
    "Det er kjedelig når ingen vil leke med meg.",
    "Jeg liker best når pappa henter.",
    "Det er bra nå, jeg har fått en venn.",
    "Jeg vet ikke.",
    "Jeg får vondt i magen om morgenen.",
    "Det er fint å ha noen å snakke med.",
)
GUARDIAN_VIEWS = (
    "Foreldrene kjenner seg igjen og vil gjerne ha hjelp.",
    "Mor ser det samme hjemme og er bekymret.",
    "Far mener det går bedre hjemme enn i barnehagen.",
    "Foreldrene ønsker mer informasjon før de bestemmer seg.",
    "Foreldrene er fornøyde med samarbeidet.",
)
LEADER_REVIEWS = (
    "Ber leder se på saken og ta stilling til videre oppfølging.",
    "Ønsker leders vurdering av om vi skal starte tiltak.",
)
LEADER_DECISIONS = (
    "Vi følger med og snakker sammen igjen om fire uker.",
    "Leder er enig i vurderingen. Fortsett observasjon.",
)
LEVEL_REASONS = (
    "Tiltakene i egen tjeneste er ikke nok; vi trenger flere med.",
    "Foreldrene har samtykket til samarbeid med flere tjenester.",
    "Behovene er sammensatte og vil vare over tid.",
    "Leder har besluttet å starte tiltak i egen tjeneste.",
)
CLOSINGS = (
    "Tiltakene har virket, og foreldrene er enige i å avslutte.",
    "Barnet har flyttet; ny kommune er orientert med samtykke.",
    "Ingen videre bekymring etter evaluering.",
)
MEASURES = (
    (
        "Barnet skal ha en trygg voksen å gå til hver morgen",
        "Fast voksen tar imot ved levering.",
        "Trygg start",
    ),
    ("Bedre språkutvikling", "Språkgruppe to ganger i uken.", "Språkløyper"),
    (
        "Stabilt oppmøte på skolen",
        "Ukentlig samtale med kontaktlærer og oppfølging av fravær.",
        "Fraværsoppfølging",
    ),
    (
        "Foreldrene får støtte i foreldrerollen",
        "Foreldreveiledning ved familiesenteret.",
        "ICDP foreldreveiledning",
    ),
    ("Barnet skal delta i lek med andre", "Tilrettelagt lek i liten gruppe.", ""),
    (
        "Bedre søvn og faste rutiner",
        "Samtaler med helsesykepleier.",
        "Helsestasjonens søvnveiledning",
    ),
    ("Mestring av sinne", "Samtalegruppe med sosiallærer.", "Zippys venner"),
)
PARTICIPANTS = (
    "Mor, far, pedagogisk leder og styrer",
    "Foreldrene, kontaktlærer og helsesykepleier",
    "Mor, barnet og stafettholder",
    "Foreldrene, PPT-rådgiver og stafettholder",
)
EVALUATION_NOTES = (
    "Tiltaket har hatt god effekt og videreføres.",
    "Lite endring så langt; vi justerer og prøver igjen.",
    "Målet er nådd, tiltaket avsluttes.",
    "Foreldrene ønsker å fortsette, vi vurderer på nytt om seks uker.",
)


def leader_role(n: int) -> str:
    """The first employee of a unit leads it."""
    return Role.LEADER if n == 0 else Role.EMPLOYEE


def employee_name(rng: random.Random) -> tuple[str, str]:
    given = rng.choice(names.WOMEN if rng.random() < 0.7 else names.MEN)
    return given, rng.choice(names.FAMILY_NAMES)


# Every sentence the phrase groups make, so an entry's text is one random pick.
_SENTENCES: dict[int, list[str]] = {
    id(phrases): [" ".join(parts) for parts in itertools.product(*phrases)]
    for phrases in (CONCERNS, OBSERVATIONS, BRIGHT_SPOTS, NOTES, ASSESSMENTS)
}
