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
other.
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
from django.db import connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from psycopg import sql

from rodtrad.demo import names
from rodtrad.demo.schooling import SCHOOL_YEAR_STARTS, Stage, add_years, current_period
from rodtrad.demo.synthetic import NumberSpace, SyntheticNumbers
from rodtrad.organisation.models import (
    ConfidentialityLaw,
    Membership,
    Municipality,
    Unit,
    UnitKind,
)
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship, Relation

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
        self._write(people, municipality_ids, units)
        with self.step("analyze"), connection.cursor() as cursor:
            for model in _PEOPLE_MODELS:
                cursor.execute(
                    sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)).as_string()
                )
        return self.counts

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
    ) -> None:
        child_ids = _take_ids(Child, len(people.children))
        guardian_ids = _take_ids(Guardian, len(people.guardians))
        family_ids = _take_ids(Family, len(people.families))
        m = municipality_ids

        def write(
            model: type[models.Model],
            label: str,
            columns: Sequence[str],
            rows: Iterable[tuple[Any, ...]],
        ) -> int:
            with self.step("written", what=label) as result:
                result["rows"] = copy_rows(model, columns, rows, now=self.now)
            return int(result["rows"])

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
        self.counts.enrolments = write(
            Enrolment,
            "enrolments",
            ["municipality_id", "child_id", "unit_id", "starts_on"],
            (
                (m[muni], child_ids[c], _pick(units[(muni, stage)], district), starts_on)
                for c, muni, stage, district, starts_on in people.placements
            ),
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
# Tables the delete below knows how to empty; rows elsewhere go through the ORM.
_KNOWN_MODELS: frozenset[type[models.Model]] = frozenset(
    {*_PEOPLE_MODELS, Membership, Unit, Unit.serves.through, Municipality}
)
_MUNICIPALITY_PATH: dict[type[models.Model], str] = {
    Municipality: "",
    Unit: "municipality",
    Child: "municipality",
    Guardian: "municipality",
    Family: "municipality",
}


class GeneratedDataInUse(Exception):
    """Other data protect generated rows from deletion."""


def delete_generated_data() -> int:
    """Delete every generated municipality and all that belongs to it; returns how many."""
    municipality_ids = list(generated_municipalities().values_list("pk", flat=True))
    if not municipality_ids:
        return 0
    _delete_other_references(municipality_ids)
    tables: dict[str, type[models.Model]] = {
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
        " WHERE unit_id IN (SELECT id FROM {unit} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {unit_serves} WHERE municipality_id = ANY(%(m)s)"
        " OR unit_id IN (SELECT id FROM {unit} WHERE municipality_id = ANY(%(m)s))",
        "DELETE FROM {unit} WHERE municipality_id = ANY(%(m)s)",
        "DELETE FROM {municipality} WHERE id = ANY(%(m)s)",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            query = sql.SQL(statement).format(**identifiers)
            cursor.execute(query.as_string(), {"m": municipality_ids})
    return len(municipality_ids)


def _delete_other_references(municipality_ids: Sequence[int]) -> None:
    """Rows of other apps (cases, meetings, …) that point at generated data go first,
    through the ORM so their own on_delete rules apply."""
    for model in apps.get_models(include_auto_created=True):
        if model in _KNOWN_MODELS:
            continue
        for f in model._meta.concrete_fields:
            target = f.related_model
            if not isinstance(target, type) or target not in _MUNICIPALITY_PATH:
                continue
            path = "__".join(p for p in (f.name, _MUNICIPALITY_PATH[target]) if p)
            try:
                model._default_manager.filter(**{f"{path}__in": municipality_ids}).delete()
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
