"""Consents for collaboration in the generated relay logs (``rodtrad generate``).

Pure data, no database: `generator.py` reads back the relay logs in which
more than one unit takes part, with the child's birth date and guardians,
gives them to `Collaboration`, takes primary keys and COPYs the rows.

A service joins a relay log only with the family's consent
(cases.actions.do_add_case_unit), so every such log has had one:

- an open log mostly (92 %, 75 % when the services joined more than a year
  ago) has one in force: given a few days before the services joined when
  that was in the last half year, otherwise renewed in the last half year
  (some keeping the expired one before it in the history); valid 12 months.
  The rest lapsed, so the participating services no longer see the log:
  withdrawn by the family or, for the older ones, mostly expired and not
  renewed, or renewed but still waiting for the second guardian's answer
  (not complete);
- a closed log keeps the one given when the services joined (expired unless
  it closed recently).

Each covers the services that joined, and mostly the baton holder's unit:
by kind of unit, by named unit, or the kindergarten or school named and the
services by kind. Most are for every relay log of the child, some for this
one. Below 16 every guardian with parental responsibility answers (a youth
from 12 often gives their view too); from 16 the youth consents alone, as
consent/rules.py requires. The holder documents it.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rodtrad.consent.actions import add_months
from rodtrad.consent.models import Decision, InformationCategory, Method, Purpose
from rodtrad.demo.casework import JOINING_KINDS
from rodtrad.demo.teamwork import age_on
from rodtrad.organisation.models import ENROLLING_UNIT_KINDS, UnitKind

UTC = datetime.UTC
# Of the open logs with more than one unit: in force, by how long ago the services
# joined. A young one lapses only when the family withdraws; an old one mostly when
# nobody renewed it.
IN_FORCE_SHARE = 0.92
IN_FORCE_SHARE_OLD = 0.75  # joined more than a year ago
LAPSED = (("expired", 55), ("incomplete", 25), ("withdrawn", 20))
RECENT_DAYS = 180  # consents given or renewed in the last half year
VALID_MONTHS = 12
HOLDER_UNIT_COVERED = 0.75
CASE_SCOPED = 0.3  # the rest: every relay log of the child
KEEPS_EXPIRED = 0.4  # a renewed consent keeps the one before it
EXTRA_KIND = 0.15  # the family ticked one service more than has joined
YOUTH_VIEW = 0.5  # a youth of 12–15 answers too, with their view
YOUTH_CONSENT_AGE = 16  # Municipality.youth_consent_age's default
YOUTH_VOICE_AGE = 12  # Municipality.youth_voice_age's default
COVERAGE = (("kinds", 45), ("units", 35), ("mixed", 20))
HEALTH_KINDS = frozenset({UnitKind.HEALTH_STATION, UnitKind.MENTAL_HEALTH, UnitKind.GP})
FAMILY_KINDS = frozenset({UnitKind.FAMILY_SERVICE, UnitKind.CHILD_WELFARE, UnitKind.NAV})


@dataclass(frozen=True)
class SharedCase:
    """A relay log in which more than one unit takes part."""

    id: int
    municipality: int  # the municipality's id
    child: int
    holder: int
    holder_unit: int
    open: bool
    born: datetime.date
    # (unit id, kind, joined at) for every unit taking part, in the order they joined
    units: tuple[tuple[int, str, datetime.datetime], ...]
    # (guardian id, full name, relation) of the guardians with parental responsibility
    guardians: tuple[tuple[int, str, str], ...]


@dataclass(slots=True)
class _Consent:
    case: SharedCase
    scoped: bool
    units: list[int]
    kinds: list[str]
    categories: list[str]
    valid_from: datetime.date
    method: str
    created_at: datetime.datetime
    # (guardian id or None for the youth, answer)
    answers: list[tuple[int | None, str]] = field(default_factory=list)
    complete: bool = True
    youth_view: str = ""
    withdrawn_at: datetime.datetime | None = None
    withdrawn_by: str = ""
    withdrawal_reason: str = ""

    @property
    def valid_to(self) -> datetime.date:
        return add_months(self.valid_from, VALID_MONTHS)

    def in_force(self, day: datetime.date) -> bool:
        return (
            self.complete and self.withdrawn_at is None and self.valid_from <= day <= self.valid_to
        )


class Collaboration:
    """Decides the consents for collaboration in memory."""

    def __init__(
        self, rng: random.Random, today: datetime.date, cases: Sequence[SharedCase]
    ) -> None:
        self.rng = rng
        self.today = today
        self.cases = cases
        self.consents: list[_Consent] = []

    def build(self) -> None:
        for case in self.cases:
            if case.open:
                self._open(case)
            else:
                self._consent(case, self._joined(case) - self._days(0, 10))

    @property
    def in_force(self) -> int:
        return sum(1 for c in self.consents if c.in_force(self.today))

    # -- deciding -------------------------------------------------------------------------

    def _days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def _joined(self, case: SharedCase) -> datetime.date:
        """When the first service besides the holder's unit joined."""
        others = [joined for unit, _, joined in case.units if unit != case.holder_unit]
        return min(others or [joined for _, _, joined in case.units]).date()

    def _open(self, case: SharedCase) -> None:
        rng, today = self.rng, self.today
        first = self._joined(case) - self._days(0, 10)  # the consent came before the join
        recent = today - datetime.timedelta(days=RECENT_DAYS)
        start = first if first >= recent else today - self._days(1, RECENT_DAYS)
        # The consent a renewal follows: ran out up to two months before it.
        before = add_months(start, -VALID_MONTHS) - self._days(0, 60)
        old = first <= today - datetime.timedelta(days=370)
        if rng.random() < (IN_FORCE_SHARE_OLD if old else IN_FORCE_SHARE):
            if first <= before and rng.random() < KEEPS_EXPIRED:
                self._consent(case, before)
            self._consent(case, start)
            return
        lapse = rng.choices([k for k, _ in LAPSED], [w for _, w in LAPSED])[0]
        long_ago = today - self._days(370, 540)
        if lapse == "expired" and first <= long_ago:
            self._consent(case, long_ago)
        elif lapse == "incomplete" and first <= before and self._needs_two(case, start):
            self._consent(case, before)
            self._consent(case, start, incomplete=True)
        else:
            self._withdraw(self._consent(case, start))

    def _needs_two(self, case: SharedCase, day: datetime.date) -> bool:
        return age_on(case.born, day) < YOUTH_CONSENT_AGE and len(case.guardians) >= 2

    def _consent(
        self, case: SharedCase, start: datetime.date, *, incomplete: bool = False
    ) -> _Consent:
        rng = self.rng
        # The services that joined, and mostly the holder's own unit.
        covered = [
            (unit, kind)
            for unit, kind, _ in case.units
            if unit != case.holder_unit or rng.random() < HOLDER_UNIT_COVERED
        ]
        coverage = rng.choices([c for c, _ in COVERAGE], [w for _, w in COVERAGE])[0]
        if coverage == "units":
            units, kinds = [u for u, _ in covered], []
        elif coverage == "kinds":
            units, kinds = [], sorted({k for _, k in covered})
        else:
            named = [u for u, k in covered if k in ENROLLING_UNIT_KINDS] or [covered[0][0]]
            units = named
            kinds = sorted({k for u, k in covered if u not in named})
        if kinds and rng.random() < EXTRA_KIND:
            kinds = sorted({*kinds, rng.choice(JOINING_KINDS)})
        all_kinds = {k for _, k, _ in case.units}
        categories = [InformationCategory.OBSERVATIONS_AND_PLANS.value]
        if all_kinds & HEALTH_KINDS:
            categories.append(InformationCategory.HEALTH.value)
        if all_kinds & ENROLLING_UNIT_KINDS:
            categories.append(InformationCategory.SCHOOL.value)
        if all_kinds & FAMILY_KINDS or rng.random() < 0.3:
            categories.append(InformationCategory.FAMILY_SITUATION.value)
        minute = rng.randrange(7 * 60, 15 * 60)
        consent = _Consent(
            case=case,
            scoped=rng.random() < CASE_SCOPED,
            units=units,
            kinds=kinds,
            categories=categories,
            valid_from=start,
            method=rng.choice(_METHODS),
            created_at=datetime.datetime(start.year, start.month, start.day, tzinfo=UTC)
            + datetime.timedelta(minutes=minute),
        )
        age = age_on(case.born, start)
        given = Decision.GIVEN.value
        if age >= YOUTH_CONSENT_AGE:
            consent.answers = [(None, given)]
        else:
            guardians = case.guardians[:1] if incomplete else case.guardians
            consent.answers = [(g, given) for g, _, _ in guardians]
            if age >= YOUTH_VOICE_AGE and rng.random() < YOUTH_VIEW:
                consent.answers.append((None, given))
                consent.youth_view = rng.choice(YOUTH_VIEWS)
            # Every guardian with parental responsibility must say yes.
            consent.complete = bool(case.guardians) and not incomplete
        self.consents.append(consent)
        return consent

    def _withdraw(self, consent: _Consent) -> None:
        rng = self.rng
        # A week or more after it was given (valid_from is before today), before today.
        last = self.today - datetime.timedelta(days=1)
        first = min(consent.valid_from + datetime.timedelta(days=7), last)
        day = first + self._days(0, (last - first).days)
        minute = rng.randrange(7 * 60, 15 * 60)
        consent.withdrawn_at = datetime.datetime(
            day.year, day.month, day.day, tzinfo=UTC
        ) + datetime.timedelta(minutes=minute)
        guardians = consent.case.guardians
        if age_on(consent.case.born, day) >= YOUTH_CONSENT_AGE or not guardians:
            consent.withdrawn_by = "Ungdommen selv"
        else:
            _, name, relation = guardians[rng.randrange(len(guardians))]
            consent.withdrawn_by = f"{name} ({RELATION_WORDS.get(relation, 'foresatt')})"
        consent.withdrawal_reason = rng.choice(WITHDRAWAL_REASONS)

    # -- rows -----------------------------------------------------------------------------

    COLUMNS = (
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
        "youth_view",
        "created_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "withdrawal_recorded_by_id",
    )

    def consent_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        purpose, given = Purpose.COLLABORATION.value, Decision.GIVEN.value
        for consent_id, c in zip(ids, self.consents, strict=True):
            case = c.case
            yield (
                consent_id,
                case.municipality,
                case.child,
                case.id if c.scoped else None,
                purpose,
                given,
                c.kinds,
                c.categories,
                c.valid_from,
                c.valid_to,
                c.method,
                case.holder,
                c.complete,
                c.youth_view,
                c.created_at,
                c.withdrawn_at,
                c.withdrawn_by,
                c.withdrawal_reason,
                case.holder if c.withdrawn_at else None,
            )

    def unit_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for consent_id, c in zip(ids, self.consents, strict=True):
            for unit in c.units:
                yield (consent_id, unit)

    def party_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for consent_id, c in zip(ids, self.consents, strict=True):
            for guardian, answer in c.answers:
                yield (consent_id, guardian, guardian is None, answer)


_METHODS = [str(m) for m in (Method.PAPER, Method.DIGITAL, Method.DIGITAL, Method.ORAL)]

# -- text ----------------------------------------------------------------------------------
# Norwegian, without names.

RELATION_WORDS = {"mother": "mor", "father": "far", "co_mother": "medmor"}
YOUTH_VIEWS = (
    "Jeg vil at helsesykepleier og skolen snakker sammen, men ikke om alt hjemme.",
    "Det er greit at de samarbeider, hvis jeg får vite hva de snakker om.",
    "Jeg vil være med på møtene.",
    "Jeg synes det er fint at noen hjelper, men jeg vil ikke bytte kontaktperson.",
)
WITHDRAWAL_REASONS = (
    "Familien ønsker ikke lenger at tjenestene deler opplysninger.",
    "Foreldrene mener at det går bedre nå, og vil ta kontakt selv ved behov.",
    "Uenig i hvordan opplysningene ble brukt i siste møte.",
    "",
)
