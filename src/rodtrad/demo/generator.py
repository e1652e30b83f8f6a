"""A large synthetic data set for benchmarks (``rodtrad generate``).

Generated data is everything that belongs to a municipality numbered
8000–8999: no real municipality has such a number, and the demo uses 99xx.
``delete_generated_data`` removes exactly that, and nothing else.

The data are deterministic: one seeded ``random.Random`` makes every choice,
in a fixed order, so the same number of children, seed and reference date
give the same rows, identity numbers included. The reference date is the
first school day (15 August) of the current school year unless given, so the
data stay the same all school year; ages and enrolments are as of that day.

Rows go in with PostgreSQL COPY, inside one transaction; primary keys are
taken from the tables' own sequences first, so the rows can point at each
other. Employees and relay logs are decided in casework.py, teams with their
referrals and meetings in teamwork.py, consents for collaboration in
collaboration.py, reports of concern to child welfare with their handling
and the anonymous consultations in reporting.py (all from the rows read back,
so ``generate_teams``, ``generate_consents`` and ``generate_reports`` can add
them to a data set generated earlier).
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from psycopg import sql

from rodtrad.accounts.models import User
from rodtrad.cases.models import Case, CaseUnit, Entry, Evaluation, Handover, Measure
from rodtrad.consent.models import Consent, ConsentParty, Purpose
from rodtrad.demo import names
from rodtrad.demo.casework import (
    USERNAME_PATTERN,
    Casework,
    ChildPlace,
    StaffedUnit,
    employee_name,
    leader_role,
    staff_size,
    username,
)
from rodtrad.demo.collaboration import Collaboration, SharedCase
from rodtrad.demo.reporting import ChildAt, RelayLog, Reporting
from rodtrad.demo.reporting import StaffedUnit as ReportingUnit
from rodtrad.demo.schooling import SCHOOL_YEAR_STARTS, Stage, add_years, current_period
from rodtrad.demo.synthetic import NumberSpace, SyntheticNumbers
from rodtrad.demo.teamwork import OpenCase, Place, TeamUnit, Teamwork
from rodtrad.organisation.models import (
    ConfidentialityLaw,
    Membership,
    Municipality,
    Unit,
    UnitKind,
)
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship, Relation
from rodtrad.reports.models import (
    ConcernReport,
    Consultation,
    DeadlineReminder,
    Feedback,
    StatusChange,
)
from rodtrad.teams.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingRating,
    Minutes,
    Referral,
    Team,
    TeamKind,
    TeamMembership,
)

GENERATED_NUMBER_PREFIX = "8"  # municipality numbers 8000–8999
FIRST_GENERATED_NUMBER = 8001
MAX_MUNICIPALITIES = 999
CHILDREN_PER_MUNICIPALITY_AT_LEAST = 100
DEFAULT_CHILDREN = 200_000
DEFAULT_MUNICIPALITIES = 40
DEFAULT_SEED = 2026
OLDEST_CHILD_AGE = 18
EARLIEST_REFERENCE_YEAR = 2000  # keeps every parent born after 1900
# Municipality sizes fall off like 1 / rank ** SIZE_EXPONENT: a few large, many small.
SIZE_EXPONENT = 0.9
# The smallest municipalities share a child welfare service, in pairs.
SHARED_CHILD_WELFARE_PAIRS = 5

# Children per unit, to decide how many kindergartens and schools a municipality needs.
CHILDREN_PER_UNIT = {
    Stage.KINDERGARTEN: 70,
    Stage.PRIMARY: 250,
    Stage.LOWER_SECONDARY: 300,
    Stage.UPPER_SECONDARY: 600,
}
# Share of children of an age who are enrolled (kindergarten and upper secondary are voluntary).
ATTENDANCE = {
    Stage.KINDERGARTEN: 0.93,
    Stage.PRIMARY: 1.0,
    Stage.LOWER_SECONDARY: 1.0,
    Stage.UPPER_SECONDARY: 0.92,
}
SIBLINGS = ((1, 0.35), (2, 0.42), (3, 0.18), (4, 0.05))
# Every generated employee logs in with this password (made-up people, benchmark data).
GENERATED_PASSWORD = "rodtrad-generert"  # noqa: S105 - documented, for made-up employees
_PASSWORD_SALT = "rodtradgenerert"  # noqa: S105 - fixed, so the same options give the same rows


def generated_municipalities() -> models.QuerySet[Municipality]:
    return Municipality.objects.filter(number__startswith=GENERATED_NUMBER_PREFIX)


def default_reference_date(today: datetime.date) -> datetime.date:
    """The first school day of the school year `today` is in (or its summer holiday)."""
    this_year = datetime.date(today.year, *SCHOOL_YEAR_STARTS)
    return this_year if this_year <= today else datetime.date(today.year - 1, *SCHOOL_YEAR_STARTS)


@dataclass(frozen=True)
class Plan:
    children: int = DEFAULT_CHILDREN
    municipalities: int = DEFAULT_MUNICIPALITIES
    seed: int = DEFAULT_SEED
    reference: datetime.date | None = None
    # The day the relay logs lead up to (their dates are relative to it): default today.
    today: datetime.date | None = None

    @property
    def municipality_count(self) -> int:
        """Fewer municipalities for a small data set, so none is left empty."""
        most = max(1, self.children // CHILDREN_PER_MUNICIPALITY_AT_LEAST)
        return min(self.municipalities, most)


@dataclass
class Counts:
    municipalities: int = 0
    units: int = 0
    children: int = 0
    guardians: int = 0
    guardianships: int = 0
    families: int = 0
    enrolments: int = 0
    employees: int = 0
    memberships: int = 0
    cases: int = 0
    open_cases: int = 0
    entries: int = 0
    measures: int = 0
    evaluations: int = 0
    teams: int = 0
    referrals: int = 0
    meetings: int = 0
    decisions: int = 0
    consents: int = 0  # for collaboration
    consents_in_force: int = 0
    reports: int = 0  # of concern, to child welfare
    open_reports: int = 0
    feedback: int = 0
    consultations: int = 0


@dataclass
class _People:
    """Everything about people, by list position; database ids come later."""

    # (municipality index, identity number, given name, family name, birth date)
    children: list[tuple[int, str, str, str, datetime.date]] = field(default_factory=list)
    # (municipality index, identity number, given name, family name, address)
    guardians: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    # (municipality index, name)
    families: list[tuple[int, str]] = field(default_factory=list)
    # (child, guardian, relation, parental responsibility, lives with child)
    guardianships: list[tuple[int, int, str, bool, bool]] = field(default_factory=list)
    family_children: list[tuple[int, int]] = field(default_factory=list)
    family_adults: list[tuple[int, int]] = field(default_factory=list)
    # (child, municipality index, stage, district, starts on)
    placements: list[tuple[int, int, Stage, int, datetime.date]] = field(default_factory=list)


def municipality_sizes(children: int, count: int) -> list[int]:
    """Split `children` over `count` municipalities, largest first, summing exactly."""
    weights = [1 / (rank + 1) ** SIZE_EXPONENT for rank in range(count)]
    total = sum(weights)
    exact = [children * w / total for w in weights]
    sizes = [math.floor(x) for x in exact]
    by_remainder = sorted(range(count), key=lambda i: (sizes[i] - exact[i], i))
    for i in by_remainder[: children - sum(sizes)]:
        sizes[i] += 1
    return sizes


class Generator:
    def __init__(self, plan: Plan, report: Callable[[str, dict[str, Any]], None]) -> None:
        self.plan = plan
        self.report = report
        self.reference = plan.reference or default_reference_date(timezone.localdate())
        self.rng = random.Random(plan.seed)  # noqa: S311 - made-up data, not secrets
        self.numbers = SyntheticNumbers(NumberSpace.GENERATOR)
        self.counts = Counts()
        self.now = timezone.now()

    @contextmanager
    def step(self, event: str, **values: Any) -> Iterator[dict[str, Any]]:
        """Time a step and report it with whatever the step put into `values`."""
        started = time.perf_counter()
        yield values
        self.report(event, {**values, "seconds": time.perf_counter() - started})

    def run(self) -> Counts:
        count = self.plan.municipality_count
        municipality_names = self._municipality_names(count)
        sizes = municipality_sizes(self.plan.children, count)
        with self.step("people"):
            people = self._people(municipality_names, sizes)
        with self.step("units") as result:
            municipality_ids = self._municipalities(municipality_names)
            units = self._units(municipality_names, municipality_ids, people)
            result.update(municipalities=count, units=self.counts.units)
        loaded = list(
            dict.fromkeys(
                (
                    *_PEOPLE_MODELS,
                    *_CASEWORK_MODELS,
                    *_TEAM_MODELS,
                    *_CONSENT_MODELS,
                    *_REPORT_MODELS,
                )
            )
        )
        with _bulk_load(loaded, self.step):
            children = self._write(people, municipality_ids, units)
            self._write_casework(municipality_names, municipality_ids, sizes, children)
            # Statistics first: the teams are decided from rows read back, and without
            # them the planner guesses nested loops over the new rows (half a minute).
            with self.step("analyze"):
                _analyze((*_PEOPLE_MODELS, *_CASEWORK_MODELS))
            self.write_teamwork()
            self.write_consents()
            self.write_reports()
        _analyze(list(dict.fromkeys((*_TEAM_MODELS, *_CONSENT_MODELS, *_REPORT_MODELS))))
        return self.counts

    def write_reports(self) -> None:
        """Reports of concern to child welfare with their handling, and anonymous
        consultations (reporting.py decides), from the generated units, employees,
        children and relay logs as the database has them."""
        today = self.plan.today or timezone.localdate()
        with self.step("reporting"):
            municipalities, units, child_welfare, children, logs = _reporting_inputs(today)
            # Its own random stream, like the teams': the rest stays the same without them.
            rng = random.Random(f"{self.plan.seed}-reports")  # noqa: S311 - made-up data
            work = Reporting(rng, today, municipalities, units, child_welfare, children, logs)
            work.build()
        ids = _take_ids(ConcernReport, len(work.reports))
        write = self._write_rows
        self.counts.reports = write(
            ConcernReport, "reports", work.REPORT_COLUMNS, work.report_rows(ids)
        )
        self.counts.open_reports = work.open_reports
        write(
            StatusChange, "status_changes", work.STATUS_CHANGE_COLUMNS, work.status_change_rows(ids)
        )
        self.counts.feedback = write(
            Feedback, "feedback", work.FEEDBACK_COLUMNS, work.feedback_rows(ids)
        )
        write(DeadlineReminder, "reminders", work.REMINDER_COLUMNS, work.reminder_rows(ids))
        self.counts.consultations = write(
            Consultation, "consultations", work.CONSULTATION_COLUMNS, work.consultation_rows()
        )

    def write_consents(self) -> None:
        """Consents for collaboration (collaboration.py decides) in the relay logs in which
        more than one unit takes part, as the database has them."""
        today = self.plan.today or timezone.localdate()
        with self.step("collaboration"):
            cases = _collaboration_inputs()
            # Its own random stream, like the teams': the rest stays the same without them.
            rng = random.Random(f"{self.plan.seed}-consents")  # noqa: S311 - made-up data
            work = Collaboration(rng, today, cases)
            work.build()
        ids = _take_ids(Consent, len(work.consents))
        write = self._write_rows
        self.counts.consents = write(
            Consent, "collaboration_consents", work.COLUMNS, work.consent_rows(ids)
        )
        self.counts.consents_in_force = work.in_force
        write(
            Consent.units.through, "consent_units", ["consent_id", "unit_id"], work.unit_rows(ids)
        )
        write(
            ConsentParty,
            "consent_parties",
            ["consent_id", "guardian_id", "is_child", "decision"],
            work.party_rows(ids),
        )

    def write_teamwork(self) -> None:
        """Teams, referrals and meetings (teamwork.py decides) for the generated units,
        employees and open relay logs as the database has them."""
        today = self.plan.today or timezone.localdate()
        with self.step("teamwork"):
            places, cases = _teamwork_inputs(today)
            # Its own random stream: the rest of the data set stays as it was without teams.
            rng = random.Random(f"{self.plan.seed}-teams")  # noqa: S311 - made-up data
            work = Teamwork(rng, today, places, cases)
            work.build()
        kind_ids = _take_ids(TeamKind, len(work.kinds))
        team_ids = _take_ids(Team, len(work.teams))
        referral_ids = _take_ids(Referral, len(work.referrals))
        consent_ids = _take_ids(Consent, len(work.consented()))
        meeting_ids = _take_ids(Meeting, len(work.meetings))
        item_ids = _take_ids(AgendaItem, len(work.items))
        write = self._write_rows
        write(
            TeamKind,
            "team_kinds",
            [
                "id",
                "municipality_id",
                "code",
                "name",
                "description",
                "level",
                "allows_anonymous",
                "requires_tried_measures",
            ],
            work.kind_rows(kind_ids),
        )
        self.counts.teams = write(
            Team,
            "teams",
            [
                "id",
                "municipality_id",
                "kind_id",
                "name",
                "level",
                "purpose",
                "leader_id",
                "citizens_may_refer",
                "requires_tried_measures",
                "allows_anonymous",
                "rhythm",
                "age_from",
                "age_to",
            ],
            work.team_rows(team_ids, kind_ids),
        )
        write(
            TeamMembership,
            "team_memberships",
            ["team_id", "user_id", "unit_id", "role"],
            work.membership_rows(team_ids),
        )
        write(
            Consent,
            "team_consents",
            [
                "id",
                "municipality_id",
                "child_id",
                "case_id",
                "purpose",
                "decision",
                "unit_kinds",
                "categories",
                "valid_from",
                "valid_to",
                "method",
                "documented_by_id",
                "complete",
                "created_at",
            ],
            work.consent_rows(consent_ids),
        )
        write(
            ConsentParty,
            "consent_parties",
            ["consent_id", "guardian_id", "is_child", "decision"],
            work.consent_party_rows(consent_ids),
        )
        self.counts.referrals = write(
            Referral,
            "referrals",
            [
                "id",
                "municipality_id",
                "team_id",
                "case_id",
                "referred_by_id",
                "referred_by_unit_id",
                "reason",
                "tried",
                "anonymous",
                "age",
                "status",
                "answer",
                "answered_by_id",
                "answered_at",
                "created_at",
                "updated_at",
                "version",
            ],
            work.referral_rows(referral_ids, team_ids),
        )
        self.counts.meetings = write(
            Meeting,
            "meetings",
            [
                "id",
                "municipality_id",
                "team_id",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "leader_id",
                "status",
                "created_by_id",
                "created_at",
            ],
            work.meeting_rows(meeting_ids, team_ids),
        )
        write(
            AgendaItem,
            "agenda_items",
            [
                "id",
                "meeting_id",
                "position",
                "topic",
                "referral_id",
                "case_id",
                "child_view",
                "guardians_view",
                "assessment",
            ],
            work.item_rows(item_ids, meeting_ids, referral_ids),
        )
        write(
            MeetingParticipant,
            "participants",
            [
                "meeting_id",
                "kind",
                "user_id",
                "guardian_id",
                "agenda_item_id",
                "invited_at",
                "present",
                "minutes_sent_at",
            ],
            work.participant_rows(meeting_ids, item_ids),
        )
        write(
            Minutes,
            "minutes",
            [
                "meeting_id",
                "status",
                "written_by_id",
                "approved_by_id",
                "approved_at",
                "updated_at",
                "version",
            ],
            work.minutes_rows(meeting_ids),
        )
        self.counts.decisions = write(
            Decision,
            "decisions",
            [
                "agenda_item_id",
                "text",
                "responsible_id",
                "responsible_unit_id",
                "due_on",
                "done_at",
                "created_at",
            ],
            work.decision_rows(item_ids),
        )

    def _write_rows(
        self,
        model: type[models.Model],
        label: str,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
    ) -> int:
        """COPY rows into a model's table, reported as a step; returns how many."""
        with self.step("written", what=label) as result:
            result["rows"] = copy_rows(model, columns, rows, now=self.now)
        return int(result["rows"])

    # -- in memory ---------------------------------------------------------------

    def _municipality_names(self, count: int) -> list[str]:
        candidates = [
            stem + ending
            for stem in names.MUNICIPALITY_STEMS
            for ending in names.MUNICIPALITY_ENDINGS
            if stem + ending not in names.NAMES_TAKEN
        ]
        chosen = self.rng.sample(candidates, min(count, len(candidates)))
        # Beyond the combinations (more than 350 municipalities): numbered names.
        return chosen + [
            f"{candidates[i % len(candidates)]} {i}" for i in range(len(chosen), count)
        ]

    def _people(self, municipality_names: Sequence[str], sizes: Sequence[int]) -> _People:
        people = _People()
        rng = self.rng
        span_days = (self.reference - add_years(self.reference, -(OLDEST_CHILD_AGE + 1))).days
        sibling_counts = [n for n, _ in SIBLINGS]
        sibling_weights = [w for _, w in SIBLINGS]
        for index, (municipality, size) in enumerate(zip(municipality_names, sizes, strict=True)):
            remaining = size
            while remaining > 0:
                siblings = min(remaining, rng.choices(sibling_counts, sibling_weights)[0])
                remaining -= siblings
                self._household(people, index, municipality, siblings, span_days)
        return people

    def _household(
        self, people: _People, municipality: int, place: str, siblings: int, span_days: int
    ) -> None:
        rng = self.rng
        births = sorted(
            self.reference - datetime.timedelta(days=rng.randrange(span_days))
            for _ in range(siblings)
        )
        family_name = rng.choice(names.FAMILY_NAMES)
        address = f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}, {place}"
        district = rng.randrange(1_000_000)

        def adult(relation: str, lives_with_children: bool) -> int:
            female = relation in (Relation.MOTHER, Relation.CO_MOTHER) or (
                relation == Relation.STEP_PARENT and rng.random() < 0.3
            )
            given = rng.choice(names.WOMEN if female else names.MEN)
            # Half the parents carry the family's name, the others their own.
            surname = family_name if rng.random() < 0.5 else rng.choice(names.FAMILY_NAMES)
            born = add_years(births[0], -rng.randint(22, 42)) - datetime.timedelta(
                days=rng.randrange(365)
            )
            home = (
                address
                if lives_with_children
                else f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}, {place}"
            )
            people.guardians.append(
                (municipality, self.numbers.next_for(born), given, surname, home)
            )
            return len(people.guardians) - 1

        # (guardian, relation, parental responsibility, lives with the children)
        kind = rng.random()
        second_parent = Relation.CO_MOTHER if rng.random() < 0.03 else Relation.FATHER
        if kind < 0.60:  # two parents together
            adults = [(Relation.MOTHER, True, True), (second_parent, True, True)]
        elif kind < 0.80:  # separated, both keep parental responsibility
            mother_moved = rng.random() < 0.25
            adults = [
                (Relation.MOTHER, True, not mother_moved),
                (Relation.FATHER, True, mother_moved),
            ]
        elif kind < 0.95:  # one parent alone
            adults = [(Relation.MOTHER if rng.random() < 0.8 else Relation.FATHER, True, True)]
        else:  # a parent and a step-parent
            adults = [(Relation.MOTHER, True, True), (Relation.STEP_PARENT, False, True)]
        guardians = [
            (adult(relation, lives), relation, pr, lives) for relation, pr, lives in adults
        ]

        family = len(people.families)
        people.families.append((municipality, f"Familien {family_name}"))
        people.family_adults.extend((family, g) for g, _, _, lives in guardians if lives)
        for birth in births:
            girl = rng.random() < 0.49
            given = rng.choice(names.GIRLS if girl else names.BOYS)
            child = len(people.children)
            people.children.append(
                (municipality, self.numbers.next_for(birth), given, family_name, birth)
            )
            people.family_children.append((family, child))
            people.guardianships.extend(
                (child, g, relation, pr, lives) for g, relation, pr, lives in guardians
            )
            period = current_period(birth, self.reference)
            if period is not None and rng.random() < ATTENDANCE[period.stage]:
                people.placements.append(
                    (child, municipality, period.stage, district, period.starts_on)
                )

    # -- into the database ---------------------------------------------------------

    def _municipalities(self, municipality_names: Sequence[str]) -> list[int]:
        created = Municipality.objects.bulk_create(
            Municipality(number=str(FIRST_GENERATED_NUMBER + i), name=name)
            for i, name in enumerate(municipality_names)
        )
        self.counts.municipalities = len(created)
        return [m.pk for m in created]

    def _units(
        self, municipality_names: Sequence[str], municipality_ids: Sequence[int], people: _People
    ) -> dict[tuple[int, Stage], list[int]]:
        """Create each municipality's units; return the enrolling ones by stage."""
        pupils = Counter(
            (municipality, stage) for _, municipality, stage, _, _ in people.placements
        )
        administrations = Unit.objects.bulk_create(
            Unit(
                municipality_id=municipality_id,
                kind=UnitKind.OTHER,
                name=f"{name} kommune",
            )
            for name, municipality_id in zip(municipality_names, municipality_ids, strict=True)
        )
        count = len(municipality_ids)
        # Pairs of the smallest municipalities share one child welfare service.
        pairs = min(SHARED_CHILD_WELFARE_PAIRS, count // 4)
        shared = {count - 1 - 2 * p: count - 2 - 2 * p for p in range(pairs)}  # guest: host
        hosts = {host: guest for guest, host in shared.items()}

        units: list[Unit] = []
        stages: list[tuple[int, Stage] | None] = []
        serves: list[tuple[int, int]] = []  # (position in units, municipality index)

        def add(
            index: int,
            kind: UnitKind,
            name: str,
            law: ConfidentialityLaw = ConfidentialityLaw.ADMINISTRATION,
            stage: Stage | None = None,
        ) -> None:
            units.append(
                Unit(
                    municipality_id=municipality_ids[index],
                    kind=kind,
                    name=name,
                    confidentiality_law=law,
                    parent_id=administrations[index].pk,
                )
            )
            stages.append((index, stage) if stage else None)

        Law, Kind = ConfidentialityLaw, UnitKind
        places, kindergartens = names.PLACE_WORDS, names.KINDERGARTEN_WORDS
        upper = "videregående skole"  # named after the municipality
        enrolling_units = (
            (Stage.KINDERGARTEN, Kind.KINDERGARTEN, kindergartens, "barnehage", Law.KINDERGARTEN),
            (Stage.PRIMARY, Kind.SCHOOL, places, "barneskole", Law.EDUCATION),
            (Stage.LOWER_SECONDARY, Kind.SCHOOL, places, "ungdomsskole", Law.EDUCATION),
            (Stage.UPPER_SECONDARY, Kind.UPPER_SECONDARY, None, upper, Law.EDUCATION),
        )  # fmt: skip
        for index, place in enumerate(municipality_names):
            for stage, kind, words, noun, law in enrolling_units:
                needed = math.ceil(pupils[(index, stage)] / CHILDREN_PER_UNIT[stage])
                for n in range(max(1, needed)):
                    add(index, kind, _numbered(words or [place], n, noun), law, stage)
            health_station = f"{place} helsestasjon og skolehelsetjeneste"
            add(index, UnitKind.HEALTH_STATION, health_station, Law.HEALTH_PERSONNEL)
            add(index, UnitKind.PPT, f"PP-tjenesten i {place}")
            if index in hosts:
                guest = municipality_names[hosts[index]]
                serves += [(len(units), index), (len(units), hosts[index])]
                add(
                    index,
                    UnitKind.CHILD_WELFARE,
                    f"Barneverntjenesten for {place} og {guest}",
                    Law.CHILD_WELFARE,
                )
            elif index not in shared:
                add(
                    index,
                    UnitKind.CHILD_WELFARE,
                    f"Barneverntjenesten i {place}",
                    Law.CHILD_WELFARE,
                )
            add(index, UnitKind.FAMILY_SERVICE, f"Familiesenteret {place}")
            add(index, UnitKind.NAV, f"NAV {place}", Law.NAV)
            add(
                index, UnitKind.MENTAL_HEALTH, f"Psykisk helse og rus {place}", Law.HEALTH_PERSONNEL
            )
            add(index, UnitKind.COORDINATING, "Koordinerende enhet")
            add(index, UnitKind.CULTURE_LEISURE, "Kultur og fritid")
            add(index, UnitKind.GP, f"{place} legesenter", Law.HEALTH_PERSONNEL)
            add(index, UnitKind.POLICE, f"Politiet – SLT-kontakt {place}", Law.POLICE)

        created = Unit.objects.bulk_create(units, batch_size=5000)
        Through = Unit.serves.through
        Through.objects.bulk_create(
            Through(unit_id=created[position].pk, municipality_id=municipality_ids[index])
            for position, index in serves
        )
        self.counts.units = len(administrations) + len(created)
        # Every unit by municipality (index) and kind, for the employees and relay logs.
        index_of = {pk: i for i, pk in enumerate(municipality_ids)}
        self.all_units = [
            (unit.pk, index_of[unit.municipality_id], str(unit.kind))
            for unit in [*administrations, *created]
        ]
        self.also_serves = {created[position].pk: index for position, index in serves}
        enrolling: dict[tuple[int, Stage], list[int]] = defaultdict(list)
        for unit, key in zip(created, stages, strict=True):
            if key is not None:
                enrolling[key].append(unit.pk)
        return enrolling

    def _write(
        self,
        people: _People,
        municipality_ids: Sequence[int],
        units: dict[tuple[int, Stage], list[int]],
    ) -> list[ChildPlace]:
        """Write the people; return each child with the unit it is enrolled in."""
        child_ids = _take_ids(Child, len(people.children))
        guardian_ids = _take_ids(Guardian, len(people.guardians))
        family_ids = _take_ids(Family, len(people.families))
        m = municipality_ids

        write = self._write_rows

        self.counts.children = write(
            Child,
            "children",
            ["id", "municipality_id", "identity_number", "given_name", "family_name", "birth_date"],
            (
                (child_ids[i], m[muni], number, given, family, born)
                for i, (muni, number, given, family, born) in enumerate(people.children)
            ),
        )
        self.counts.guardians = write(
            Guardian,
            "guardians",
            ["id", "municipality_id", "identity_number", "given_name", "family_name", "address"],
            (
                (guardian_ids[i], m[muni], number, given, family, address)
                for i, (muni, number, given, family, address) in enumerate(people.guardians)
            ),
        )
        self.counts.guardianships = write(
            Guardianship,
            "guardianships",
            ["child_id", "guardian_id", "relation", "parental_responsibility", "lives_with_child"],
            (
                (child_ids[c], guardian_ids[g], relation, pr, lives)
                for c, g, relation, pr, lives in people.guardianships
            ),
        )
        self.counts.families = write(
            Family,
            "families",
            ["id", "municipality_id", "name"],
            ((family_ids[i], m[muni], name) for i, (muni, name) in enumerate(people.families)),
        )
        write(
            Family.children.through,
            "family_children",
            ["family_id", "child_id"],
            ((family_ids[f], child_ids[c]) for f, c in people.family_children),
        )
        write(
            Family.adults.through,
            "family_adults",
            ["family_id", "guardian_id"],
            ((family_ids[f], guardian_ids[g]) for f, g in people.family_adults),
        )
        enrolled = {
            c: _pick(units[(muni, stage)], district)
            for c, muni, stage, district, _ in people.placements
        }
        self.counts.enrolments = write(
            Enrolment,
            "enrolments",
            ["municipality_id", "child_id", "unit_id", "starts_on"],
            (
                (m[muni], child_ids[c], enrolled[c], starts_on)
                for c, muni, _, _, starts_on in people.placements
            ),
        )
        return [
            ChildPlace(child_ids[i], child[0], enrolled.get(i))
            for i, child in enumerate(people.children)
        ]

    def _write_casework(
        self,
        municipality_names: Sequence[str],
        municipality_ids: Sequence[int],
        sizes: Sequence[int],
        children: Sequence[ChildPlace],
    ) -> None:
        """Employees in every unit, and the relay logs they hold (casework.py decides)."""
        numbers = [str(FIRST_GENERATED_NUMBER + i) for i in range(len(municipality_names))]
        staffed: list[tuple[int, int, str, list[tuple[str, str, str, str]]]] = []
        per_municipality: Counter[int] = Counter()
        for unit_id, index, kind in self.all_units:
            people = []
            for n in range(staff_size(kind, sizes[index])):
                per_municipality[index] += 1
                given, family = employee_name(self.rng)
                login = username(numbers[index], per_municipality[index])
                people.append((login, given, family, leader_role(n)))
            staffed.append((unit_id, index, kind, people))
        user_ids = _take_ids(User, sum(len(people) for *_, people in staffed))
        password = make_password(GENERATED_PASSWORD, salt=_PASSWORD_SALT)
        users: list[tuple[Any, ...]] = []
        memberships: list[tuple[int, int, str]] = []
        staffed_units: list[StaffedUnit] = []
        for unit_id, index, kind, people in staffed:
            ids = user_ids[len(users) : len(users) + len(people)]
            for user_id, (login, given, family, role) in zip(ids, people, strict=True):
                users.append((user_id, password, login, given, family, True, self.now))
                memberships.append((user_id, unit_id, role))
            staffed_units.append(StaffedUnit(unit_id, index, kind, tuple(ids)))
            if unit_id in self.also_serves:  # a shared child welfare service
                staffed_units.append(
                    StaffedUnit(unit_id, self.also_serves[unit_id], kind, tuple(ids))
                )
        with self.step("written", what="employees") as result:
            result["rows"] = self.counts.employees = copy_rows(
                User,
                [
                    "id",
                    "password",
                    "username",
                    "first_name",
                    "last_name",
                    "is_active",
                    "date_joined",
                ],
                users,
                now=self.now,
            )
        with self.step("written", what="memberships") as result:
            result["rows"] = self.counts.memberships = copy_rows(
                Membership, ["user_id", "unit_id", "role"], memberships, now=self.now
            )

        today = self.plan.today or timezone.localdate()
        with self.step("casework"):
            work = Casework(self.rng, today, staffed_units, children, self.plan.seed)
            work.build()
        case_ids = _take_ids(Case, len(work.cases))
        measure_ids = _take_ids(Measure, len(work.measures))
        evaluation_ids = _take_ids(Evaluation, len(work.evaluations))
        m = municipality_ids

        write = self._write_rows

        self.counts.cases = write(
            Case,
            "cases",
            [
                "id",
                "municipality_id",
                "child_id",
                "level",
                "status",
                "holder_id",
                "holder_unit_id",
                "opened_by_id",
                "leader_review_requested_at",
                "opened_at",
                "closed_at",
                "version",
            ],
            work.case_rows(case_ids, m),
        )
        self.counts.open_cases = work.open_cases
        write(
            CaseUnit,
            "case_units",
            ["case_id", "unit_id", "joined_at"],
            work.case_unit_rows(case_ids),
        )
        self.counts.measures = write(
            Measure,
            "measures",
            [
                "id",
                "case_id",
                "goal",
                "description",
                "responsible_id",
                "responsible_unit_id",
                "starts_on",
                "evaluate_on",
                "intervention",
                "status",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
            work.measure_rows(measure_ids, case_ids),
        )
        self.counts.evaluations = write(
            Evaluation,
            "evaluations",
            [
                "id",
                "case_id",
                "measure_id",
                "held_on",
                "participants",
                "child_took_part",
                "guardians_took_part",
                "child_view",
                "guardians_view",
                "result",
                "decision",
                "notes",
                "author_id",
                "created_at",
                "updated_at",
            ],
            work.evaluation_rows(evaluation_ids, case_ids, measure_ids),
        )
        self.counts.entries = write(
            Entry,
            "entries",
            work.ENTRY_COLUMNS,
            work.entry_rows(case_ids, measure_ids, evaluation_ids),
        )


@contextmanager
def _bulk_load(loaded: Sequence[type[models.Model]], step: Callable[..., Any]) -> Iterator[None]:
    """Load without the tables' foreign keys and secondary indexes, then put them back.

    As PostgreSQL's "Populating a Database" advises: checking two million
    deferred foreign keys one row at a time at commit, and updating a dozen
    indexes per row, takes minutes; building an index from sorted rows and
    checking a foreign key with one join takes seconds. It all happens in the
    generator's transaction, so a failure leaves the schema as it was (and the
    tables are locked meanwhile: generate while the server is idle).
    Unique and primary-key indexes stay, so duplicates are still refused.
    """
    tables = [model._meta.db_table for model in loaded]
    with connection.cursor() as cursor:
        # Checks still pending from the deletions (--replace) run now: a table with
        # pending trigger events cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)"
            " ORDER BY 1, 2",
            [tables],
        )
        foreign_keys: list[tuple[str, str, str]] = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique"
            " AND NOT i.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            " ORDER BY 1",
            [tables],
        )
        indexes: list[tuple[str, str]] = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}")
                .format(sql.SQL(table), sql.Identifier(name))
                .as_string()
            )
        for name, _definition in indexes:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)).as_string())
    yield
    with step("indexes"), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}")
                .format(sql.SQL(table), sql.Identifier(name), sql.SQL(definition))
                .as_string()
            )


def _numbered(words: Sequence[str], n: int, kind: str) -> str:
    """The n-th name of a kind: «Solstrålen barnehage», …, «Solstrålen barnehage 2»."""
    word = words[n % len(words)]
    round_ = n // len(words)
    return f"{word} {kind}" + (f" {round_ + 1}" if round_ else "")


def _pick(unit_ids: Sequence[int], district: int) -> int:
    return unit_ids[district % len(unit_ids)]


def _take_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` primary keys from the table's own sequence."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _analyze(loaded: Sequence[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for model in loaded:
            cursor.execute(
                sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)).as_string()
            )


def _read_back(statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a statement over the generated data, its tables named in braces
    ({municipality}, {unit}, {serves}, {membership}, {user}, {case}, {child},
    {enrolment}, {guardianship}, {measure})."""
    tables = {
        name: sql.Identifier(model._meta.db_table)
        for name, model in (
            ("municipality", Municipality),
            ("unit", Unit),
            ("serves", Unit.serves.through),
            ("membership", Membership),
            ("user", User),
            ("case", Case),
            ("child", Child),
            ("enrolment", Enrolment),
            ("guardianship", Guardianship),
            ("measure", Measure),
        )
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL(statement).format(**tables).as_string(), params)
        result: list[tuple[Any, ...]] = cursor.fetchall()
        return result


def _generated_staff(municipality_ids: list[int]) -> dict[int, list[int]]:
    """The active generated employees of each unit of these municipalities, its
    leaders first (for teams and for reports alike)."""
    staff: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in _read_back(
        "SELECT m.unit_id, m.user_id FROM {membership} m JOIN {user} u ON u.id = m.user_id"
        " JOIN {unit} n ON n.id = m.unit_id WHERE n.municipality_id = ANY(%(m)s)"
        " AND u.username ~ %(users)s AND u.is_active"
        " ORDER BY m.unit_id, m.role <> 'leader', m.id",
        {"m": municipality_ids, "users": USERNAME_PATTERN},
    ):
        staff[unit_id].append(user_id)
    return staff


def _teamwork_inputs(today: datetime.date) -> tuple[list[Place], list[OpenCase]]:
    """The generated municipalities with the units serving them and their generated
    employees, and the open relay logs, read back from the database (so teams can be
    added to a data set generated before). Joins, not lookups per row: during a
    generation the tables have no secondary indexes."""
    municipalities = _read_back(
        "SELECT id, name FROM {municipality} WHERE number LIKE %(prefix)s ORDER BY number",
        {"prefix": GENERATED_NUMBER_PREFIX + "%"},
    )
    ids = [m for m, _ in municipalities]
    staff = _generated_staff(ids)
    serving: dict[int, list[TeamUnit]] = defaultdict(list)
    for unit_id, owner, kind, name, served in _read_back(
        "SELECT n.id, n.municipality_id, n.kind, n.name, s.municipality_id FROM {unit} n"
        " LEFT JOIN {serves} s ON s.unit_id = n.id AND s.municipality_id <> n.municipality_id"
        " WHERE n.municipality_id = ANY(%(m)s) ORDER BY n.id, s.municipality_id",
        {"m": ids},
    ):
        unit = TeamUnit(unit_id, owner, kind, name, tuple(staff[unit_id]))
        if not serving[owner] or serving[owner][-1].id != unit_id:
            serving[owner].append(unit)
        if served is not None:
            serving[served].append(unit)
    places = [Place(m, name, tuple(serving[m])) for m, name in municipalities]
    cases = [
        OpenCase(*row)
        for row in _read_back(
            "WITH enrolled AS (SELECT DISTINCT ON (child_id) child_id, unit_id FROM {enrolment}"
            "   WHERE municipality_id = ANY(%(m)s) AND starts_on <= %(today)s"
            "   AND (ends_on IS NULL OR ends_on >= %(today)s)"
            "   ORDER BY child_id, starts_on DESC, id DESC),"
            " responsible AS (SELECT g.child_id, min(g.guardian_id) AS guardian_id"
            "   FROM {guardianship} g JOIN {child} c ON c.id = g.child_id"
            "   WHERE c.municipality_id = ANY(%(m)s) AND g.parental_responsibility"
            "   GROUP BY g.child_id),"
            " measured AS (SELECT DISTINCT m.case_id FROM {measure} m"
            "   JOIN {case} c ON c.id = m.case_id WHERE c.municipality_id = ANY(%(m)s))"
            " SELECT c.id, c.municipality_id, c.child_id, c.level, c.holder_id, c.holder_unit_id,"
            " c.opened_at, ch.birth_date, e.unit_id, r.guardian_id, x.case_id IS NOT NULL"
            " FROM {case} c JOIN {child} ch ON ch.id = c.child_id"
            " LEFT JOIN enrolled e ON e.child_id = c.child_id"
            " LEFT JOIN responsible r ON r.child_id = c.child_id"
            " LEFT JOIN measured x ON x.case_id = c.id"
            " WHERE c.municipality_id = ANY(%(m)s) AND c.status = 'open'"
            " AND c.holder_id IS NOT NULL AND c.holder_unit_id IS NOT NULL"
            " ORDER BY c.id",
            {"m": ids, "today": today},
        )
    ]
    return places, cases


def _reporting_inputs(
    today: datetime.date,
) -> tuple[list[int], list[ReportingUnit], dict[int, int], list[ChildAt], list[RelayLog]]:
    """The generated municipalities, their units with their generated employees, the
    child welfare unit serving each, the children with the kindergarten or school
    they attend, and each child's relay log, read back from the database (joins: during
    a generation the tables have no secondary indexes)."""
    municipalities = [
        m
        for (m,) in _read_back(
            "SELECT id FROM {municipality} WHERE number LIKE %(prefix)s ORDER BY number",
            {"prefix": GENERATED_NUMBER_PREFIX + "%"},
        )
    ]
    ids = {"m": municipalities}
    staff = _generated_staff(municipalities)
    units = [
        ReportingUnit(unit_id, municipality, kind, tuple(staff[unit_id]))
        for unit_id, municipality, kind in _read_back(
            "SELECT id, municipality_id, kind FROM {unit} WHERE municipality_id = ANY(%(m)s)"
            " ORDER BY id",
            ids,
        )
    ]
    child_welfare: dict[int, int] = {}
    for municipality, unit_id in _read_back(
        "SELECT m.id, min(n.id) FROM {municipality} m JOIN {unit} n ON n.kind = %(kind)s"
        " AND (n.municipality_id = m.id"
        "   OR EXISTS (SELECT 1 FROM {serves} s"
        "     WHERE s.unit_id = n.id AND s.municipality_id = m.id))"
        " WHERE m.id = ANY(%(m)s) GROUP BY m.id ORDER BY m.id",
        {**ids, "kind": UnitKind.CHILD_WELFARE},
    ):
        child_welfare[municipality] = unit_id
    children = [
        ChildAt(*row)
        for row in _read_back(
            "WITH enrolled AS (SELECT DISTINCT ON (child_id) child_id, unit_id FROM {enrolment}"
            "   WHERE municipality_id = ANY(%(m)s) AND starts_on <= %(today)s"
            "   AND (ends_on IS NULL OR ends_on >= %(today)s)"
            "   ORDER BY child_id, starts_on DESC, id DESC)"
            " SELECT c.id, c.municipality_id, c.birth_date, e.unit_id FROM {child} c"
            " LEFT JOIN enrolled e ON e.child_id = c.id"
            " WHERE c.municipality_id = ANY(%(m)s) ORDER BY c.id",
            {**ids, "today": today},
        )
    ]
    logs = [
        RelayLog(*row)
        for row in _read_back(
            "SELECT DISTINCT ON (c.child_id) c.id, c.child_id, c.holder_id, c.holder_unit_id,"
            " c.opened_at, c.closed_at FROM {case} c WHERE c.municipality_id = ANY(%(m)s)"
            " AND c.holder_id IS NOT NULL AND c.holder_unit_id IS NOT NULL"
            " ORDER BY c.child_id, c.opened_at DESC, c.id DESC",
            ids,
        )
    ]
    return municipalities, units, child_welfare, children, logs


def _collaboration_inputs() -> list[SharedCase]:
    """The generated relay logs in which more than one unit takes part, with their units,
    the child's birth date and the guardians with parental responsibility, read back
    from the database (joins: during a generation the tables have no secondary indexes)."""
    parts: dict[str, sql.Composable] = {
        name: sql.Identifier(model._meta.db_table)
        for name, model in (
            ("municipality", Municipality),
            ("unit", Unit),
            ("case", Case),
            ("case_unit", CaseUnit),
            ("child", Child),
            ("guardian", Guardian),
            ("guardianship", Guardianship),
        )
    }
    parts["shared"] = sql.SQL(
        "WITH shared AS (SELECT c.id FROM {case} c JOIN {case_unit} cu ON cu.case_id = c.id"
        " WHERE c.municipality_id IN"
        "   (SELECT id FROM {municipality} WHERE number LIKE %(prefix)s)"
        " AND c.holder_id IS NOT NULL AND c.holder_unit_id IS NOT NULL"
        " GROUP BY c.id HAVING count(*) > 1)"
    ).format(**parts)

    def rows(statement: str) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL(statement).format(**parts).as_string(),
                {"prefix": GENERATED_NUMBER_PREFIX + "%"},
            )
            result: list[tuple[Any, ...]] = cursor.fetchall()
            return result

    guardians: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for child_id, guardian_id, name, relation in rows(
        "{shared} SELECT g.child_id, g.guardian_id, gd.given_name || ' ' || gd.family_name,"
        " g.relation FROM {guardianship} g JOIN {guardian} gd ON gd.id = g.guardian_id"
        " WHERE g.parental_responsibility AND g.child_id IN"
        "   (SELECT c.child_id FROM shared s JOIN {case} c ON c.id = s.id)"
        " ORDER BY g.child_id, g.guardian_id"
    ):
        guardians[child_id].append((guardian_id, name, relation))
    cases = []
    for case_id, municipality, child, holder, holder_unit, is_open, born, *units in rows(
        "{shared} SELECT c.id, c.municipality_id, c.child_id, c.holder_id, c.holder_unit_id,"
        " c.status = 'open', ch.birth_date,"
        " array_agg(u.id ORDER BY cu.joined_at, u.id),"
        " array_agg(u.kind ORDER BY cu.joined_at, u.id),"
        " array_agg(cu.joined_at ORDER BY cu.joined_at, u.id)"
        " FROM shared s JOIN {case} c ON c.id = s.id JOIN {child} ch ON ch.id = c.child_id"
        " JOIN {case_unit} cu ON cu.case_id = c.id JOIN {unit} u ON u.id = cu.unit_id"
        " GROUP BY c.id, ch.birth_date ORDER BY c.id"
    ):
        cases.append(
            SharedCase(
                case_id,
                municipality,
                child,
                holder,
                holder_unit,
                is_open,
                born,
                tuple(zip(*units, strict=True)),
                tuple(guardians[child]),
            )
        )
    return cases


def _fixed_columns(
    model: type[models.Model], columns: Sequence[str], now: datetime.datetime
) -> tuple[list[str], tuple[Any, ...]]:
    """Columns the caller leaves out, with the value every row gets.

    Fields added to a model later keep the generator working as long as
    they have a default, allow NULL or have a database default.
    """
    extra_columns: list[str] = []
    extra_values: list[Any] = []
    for f in model._meta.concrete_fields:
        if f.attname in columns or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
        elif f.db_default is not NOT_PROVIDED:
            continue
        elif f.null:
            value = None
        elif isinstance(f, models.CharField | models.TextField) and f.blank:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value from the generator")
        extra_columns.append(f.column)
        extra_values.append(f.get_db_prep_save(value, connection))
    return extra_columns, tuple(extra_values)


def copy_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    now: datetime.datetime,
) -> int:
    """COPY rows into the model's table; returns how many."""
    extra_columns, extra_values = _fixed_columns(model, columns, now)
    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(model._meta.db_table),
        columns=sql.SQL(", ").join(map(sql.Identifier, [*columns, *extra_columns])),
    )
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write_row = copy.write_row
        if extra_values:
            for row in rows:
                write_row(row + extra_values)
                written += 1
        else:
            for row in rows:
                write_row(row)
                written += 1
    return written


_PEOPLE_MODELS: tuple[type[models.Model], ...] = (
    Child,
    Guardian,
    Guardianship,
    Family,
    Family.children.through,
    Family.adults.through,
    Enrolment,
)
_CASEWORK_MODELS: tuple[type[models.Model], ...] = (
    User,
    Membership,
    Case,
    CaseUnit,
    Measure,
    Evaluation,
    Entry,
)
_TEAM_MODELS: tuple[type[models.Model], ...] = (
    TeamKind,
    Team,
    TeamMembership,
    Consent,
    ConsentParty,
    Referral,
    Meeting,
    AgendaItem,
    MeetingParticipant,
    Minutes,
    Decision,
)
_CONSENT_MODELS: tuple[type[models.Model], ...] = (Consent, Consent.units.through, ConsentParty)
_REPORT_MODELS: tuple[type[models.Model], ...] = (
    ConcernReport,
    StatusChange,
    Feedback,
    DeadlineReminder,
    Consultation,
)
# Tables the delete below knows how to empty; rows elsewhere go through the ORM.
_KNOWN_MODELS: frozenset[type[models.Model]] = frozenset(
    {
        *_PEOPLE_MODELS,
        *_CASEWORK_MODELS,
        Handover,
        Membership,
        Unit,
        Unit.serves.through,
        Municipality,
    }
)
_MUNICIPALITY_PATH: dict[type[models.Model], str] = {
    Municipality: "",
    Unit: "municipality",
    Child: "municipality",
    Guardian: "municipality",
    Family: "municipality",
    Case: "municipality",
    CaseUnit: "case__municipality",
    Entry: "case__municipality",
    Measure: "case__municipality",
    Evaluation: "case__municipality",
    Handover: "case__municipality",
}


class GeneratedDataInUse(Exception):
    """Other data protect generated rows from deletion."""


def delete_generated_data() -> int:
    """Delete every generated municipality and all that belongs to it; returns how many."""
    municipality_ids = list(generated_municipalities().values_list("pk", flat=True))
    if not municipality_ids:
        return 0
    # First with SQL (thousands of rows); the ORM pass below then finds what is left.
    delete_generated_teams(municipality_ids)
    delete_generated_consents(municipality_ids)
    delete_generated_reports(municipality_ids)
    _delete_other_references(municipality_ids)
    tables: dict[str, type[models.Model]] = {
        "entry": Entry,
        "evaluation": Evaluation,
        "measure": Measure,
        "handover": Handover,
        "case_unit": CaseUnit,
        "case": Case,
        "user": User,
        "enrolment": Enrolment,
        "family_children": Family.children.through,
        "family_adults": Family.adults.through,
        "guardianship": Guardianship,
        "family": Family,
        "guardian": Guardian,
        "child": Child,
        "membership": Membership,
        "unit_serves": Unit.serves.through,
        "unit": Unit,
        "municipality": Municipality,
    }
    identifiers = {name: sql.Identifier(model._meta.db_table) for name, model in tables.items()}
    # Children before parents; the foreign keys are checked at commit.
    statements = [
        "DELETE FROM {entry} WHERE case_id IN (SELECT id FROM {case} WHERE municipality_id"
        " = ANY(%(m)s))",
        "DELETE FROM {evaluation} WHERE case_id IN (SELECT id FROM {case} WHERE"
        " municipality_id = ANY(%(m)s))",
        "DELETE FROM {measure} WHERE case_id IN (SELECT id FROM {case} WHERE municipality_id"
        " = ANY(%(m)s))",
        "DELETE FROM {handover} WHERE case_id IN (SELECT id FROM {case} WHERE"
        " municipality_id = ANY(%(m)s))",
        "DELETE FROM {case_unit} WHERE case_id IN (SELECT id FROM {case} WHERE"
        " municipality_id = ANY(%(m)s))",
        "DELETE FROM {case} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {enrolment} WHERE municipality_id = ANY(%(m)s)"
        " OR child_id IN (SELECT id FROM {child} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {family_children}"
        " WHERE family_id IN (SELECT id FROM {family} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {family_adults}"
        " WHERE family_id IN (SELECT id FROM {family} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {guardianship}"
        " WHERE child_id IN (SELECT id FROM {child} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {family} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {guardian} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {child} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {membership}"
        " WHERE unit_id IN (SELECT id FROM {unit} WHERE municipality_id = ANY(%(m)s))"
        " OR user_id IN (SELECT id FROM {user} WHERE username ~ %(users)s)",
        "DELETE FROM {user} WHERE username ~ %(users)s",
        "DELETE FROM {unit_serves} WHERE municipality_id = ANY(%(m)s)"
        " OR unit_id IN (SELECT id FROM {unit} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {unit} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {municipality} WHERE id = ANY(%(m)s)",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            query = sql.SQL(statement).format(**identifiers)
            cursor.execute(query.as_string(), {"m": municipality_ids, "users": USERNAME_PATTERN})
    return len(municipality_ids)


def delete_generated_teams(municipality_ids: Sequence[int]) -> None:
    """Delete the teams, referrals, meetings (with their minutes, decisions and
    ratings) and consents for team discussion of the generated municipalities."""
    tables: dict[str, type[models.Model]] = {
        "rating": MeetingRating,
        "decision": Decision,
        "minutes": Minutes,
        "participant": MeetingParticipant,
        "item": AgendaItem,
        "meeting": Meeting,
        "referral": Referral,
        "seat": TeamMembership,
        "team": Team,
        "kind": TeamKind,
        "party": ConsentParty,
        "consent_units": Consent.units.through,
        "consent": Consent,
    }
    parts: dict[str, sql.Composable] = {
        name: sql.Identifier(model._meta.db_table) for name, model in tables.items()
    }
    parts["meetings"] = sql.SQL(
        "(SELECT id FROM {meeting} WHERE municipality_id = ANY(%(m)s))"
    ).format(**parts)
    parts["consents"] = sql.SQL(
        "(SELECT id FROM {consent} WHERE municipality_id = ANY(%(m)s) AND purpose = %(purpose)s)"
    ).format(**parts)
    statements = [
        "DELETE FROM {rating} WHERE meeting_id IN {meetings}",
        "DELETE FROM {decision} WHERE agenda_item_id IN"
        " (SELECT id FROM {item} WHERE meeting_id IN {meetings})",
        "DELETE FROM {minutes} WHERE meeting_id IN {meetings}",
        "DELETE FROM {participant} WHERE meeting_id IN {meetings}",
        "DELETE FROM {item} WHERE meeting_id IN {meetings}",
        "DELETE FROM {meeting} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {referral} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {seat} WHERE team_id IN"
        " (SELECT id FROM {team} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {team} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {kind} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {party} WHERE consent_id IN {consents}",
        "DELETE FROM {consent_units} WHERE consent_id IN {consents}",
        "DELETE FROM {consent} WHERE id IN {consents}",
    ]
    params: dict[str, Any] = {"m": list(municipality_ids), "purpose": Purpose.TEAM_DISCUSSION}
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(sql.SQL(statement).format(**parts).as_string(), params)


def delete_generated_consents(municipality_ids: Sequence[int]) -> None:
    """Delete the consents for collaboration (with their answers) of the generated
    municipalities."""
    parts: dict[str, sql.Composable] = {
        "party": sql.Identifier(ConsentParty._meta.db_table),
        "consent_units": sql.Identifier(Consent.units.through._meta.db_table),
        "consent": sql.Identifier(Consent._meta.db_table),
    }
    parts["consents"] = sql.SQL(
        "(SELECT id FROM {consent} WHERE municipality_id = ANY(%(m)s) AND purpose = %(purpose)s)"
    ).format(**parts)
    params: dict[str, Any] = {"m": list(municipality_ids), "purpose": Purpose.COLLABORATION}
    with connection.cursor() as cursor:
        for statement in (
            "DELETE FROM {party} WHERE consent_id IN {consents}",
            "DELETE FROM {consent_units} WHERE consent_id IN {consents}",
            "DELETE FROM {consent} WHERE id IN {consents}",
        ):
            cursor.execute(sql.SQL(statement).format(**parts).as_string(), params)


def delete_generated_reports(municipality_ids: Sequence[int]) -> None:
    """Delete the reports of concern about children of the generated municipalities
    (with their status changes, feedback and reminders), and the anonymous
    consultations with or from their units. The audit log keeps its events."""
    tables: dict[str, type[models.Model]] = {
        "reminder": DeadlineReminder,
        "feedback": Feedback,
        "change": StatusChange,
        "report": ConcernReport,
        "consultation": Consultation,
        "unit": Unit,
    }
    parts: dict[str, sql.Composable] = {
        name: sql.Identifier(model._meta.db_table) for name, model in tables.items()
    }
    parts["reports"] = sql.SQL(
        "(SELECT id FROM {report} WHERE municipality_id = ANY(%(m)s))"
    ).format(**parts)
    parts["units"] = sql.SQL("(SELECT id FROM {unit} WHERE municipality_id = ANY(%(m)s))").format(
        **parts
    )
    statements = [
        "DELETE FROM {reminder} WHERE report_id IN {reports}",
        "DELETE FROM {feedback} WHERE report_id IN {reports}",
        "DELETE FROM {change} WHERE report_id IN {reports}",
        "DELETE FROM {report} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {consultation} WHERE child_welfare_unit_id IN {units}"
        " OR consulting_unit_id IN {units}",
    ]
    params: dict[str, Any] = {"m": list(municipality_ids)}
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(sql.SQL(statement).format(**parts).as_string(), params)


def _delete_other_references(municipality_ids: Sequence[int]) -> None:
    """Rows of other apps (meetings, reports, notifications, …) that point at generated
    data or generated employees go first, through the ORM so their own on_delete rules
    apply. References without a database constraint (the audit log's) stay."""
    for model in apps.get_models(include_auto_created=True):
        if model in _KNOWN_MODELS:
            continue
        for f in model._meta.concrete_fields:
            target = f.related_model
            if not getattr(f, "db_constraint", False) or not isinstance(target, type):
                continue
            if target is User:
                lookup: dict[str, Any] = {f"{f.name}__username__regex": USERNAME_PATTERN}
            elif target in _MUNICIPALITY_PATH:
                path = "__".join(p for p in (f.name, _MUNICIPALITY_PATH[target]) if p)
                lookup = {f"{path}__in": municipality_ids}
            else:
                continue
            try:
                model._default_manager.filter(**lookup).delete()
            except (ProtectedError, RestrictedError) as error:
                raise GeneratedDataInUse(str(error)) from error


def generate(
    plan: Plan,
    *,
    replace: bool,
    report: Callable[[str, dict[str, Any]], None],
) -> Counts:
    """Generate the data set in one transaction (deleting an earlier one if `replace`)."""
    with transaction.atomic():
        if replace:
            started = time.perf_counter()
            deleted = delete_generated_data()
            report("deleted", {"municipalities": deleted, "seconds": time.perf_counter() - started})
        counts = Generator(plan, report).run()
        committing = time.perf_counter()
    # Django's foreign keys are checked at commit, which takes a while for a million rows.
    report("committed", {"seconds": time.perf_counter() - committing})
    return counts


class NothingGenerated(Exception):
    """There is no generated data set to add teams or consents to."""


def generate_teams(plan: Plan, *, report: Callable[[str, dict[str, Any]], None]) -> Counts:
    """Replace the teams, referrals and meetings of the generated data set already in
    the database, leaving everything else as it is (one transaction). The tables keep
    their indexes and foreign keys, so the server may keep running meanwhile."""
    return _replace_part(
        plan,
        report,
        delete=delete_generated_teams,
        deleted="deleted_teams",
        write=Generator.write_teamwork,
        models=_TEAM_MODELS,
    )


def generate_consents(plan: Plan, *, report: Callable[[str, dict[str, Any]], None]) -> Counts:
    """Replace the consents for collaboration of the generated data set already in the
    database, leaving everything else as it is (one transaction, indexes in place)."""
    return _replace_part(
        plan,
        report,
        delete=delete_generated_consents,
        deleted="deleted_consents",
        write=Generator.write_consents,
        models=_CONSENT_MODELS,
    )


def generate_reports(plan: Plan, *, report: Callable[[str, dict[str, Any]], None]) -> Counts:
    """Replace the reports of concern and the consultations of the generated data set
    already in the database, leaving everything else as it is (one transaction,
    indexes in place)."""
    return _replace_part(
        plan,
        report,
        delete=delete_generated_reports,
        deleted="deleted_reports",
        write=Generator.write_reports,
        models=_REPORT_MODELS,
    )


def _replace_part(
    plan: Plan,
    report: Callable[[str, dict[str, Any]], None],
    *,
    delete: Callable[[list[int]], Any],
    deleted: str,
    write: Callable[[Generator], Any],
    models: Any,
) -> Counts:
    """Delete one part of the generated data set and write it anew, in one transaction."""
    with transaction.atomic():
        municipality_ids = list(generated_municipalities().values_list("pk", flat=True))
        if not municipality_ids:
            raise NothingGenerated
        started = time.perf_counter()
        delete(municipality_ids)
        report(deleted, {"seconds": time.perf_counter() - started})
        generator = Generator(plan, report)
        write(generator)
        with generator.step("analyze"):
            _analyze(models)
        committing = time.perf_counter()
    report("committed", {"seconds": time.perf_counter() - committing})
    return generator.counts
