"""Teams, referrals and meetings for the generated data set (``rodtrad generate``).

Pure data, no database: `generator.py` reads the units, employees and open
relay logs it wrote, gives them to `Teamwork`, takes primary keys and COPYs
the rows. What it makes, for each generated municipality:

- a tidlig innsatsteam for the whole municipality (Bærum's kind): led from the
  family centre, with the leaders of the health station, PPT, child welfare,
  mental health and the coordinating unit; cases come with the family's
  consent, and the parents take part in the item about their child;
- a drøftingsteam for every school area (Melhus' kind): led by the
  headmaster, with a teacher, the leaders of (up to three of) the area's
  kindergartens, and an employee each of the health station, PPT, child
  welfare and the family centre, taken in turn so the services' seats are
  spread; cases come with consent or anonymously, and measures must have
  been tried first;
- referrals of open relay logs (from the baton holder) over the last half
  year: the newest waiting for the team, most accepted, older ones completed,
  a few declined or withdrawn; a consent for team discussion covering the
  team's kinds of unit for each referral not made anonymously;
- meetings in the team's rhythm, four months back and two ahead, with the
  members invited; the referrals on the agenda of the first meeting after
  they were accepted (the waiting ones on the next); approved minutes with
  the child's and guardians' views and decisions for the past meetings (the
  last few days' still drafts), some decisions done, others not yet.

Decisions are not turned into measures and no timeline entries are written
for the discussions (the action plans and timelines stay as casework.py made
them). Every choice comes from the random generator given, in a fixed order,
so the same data set, seed and day give the same teams.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from rodtrad.consent.models import InformationCategory, Method
from rodtrad.demo.teams import DemoTeamKind
from rodtrad.organisation.models import UnitKind
from rodtrad.teams.demo import KINDS
from rodtrad.teams.models import (
    MeetingStatus,
    MinutesStatus,
    ParticipantKind,
    ReferralStatus,
    Rhythm,
    TeamRole,
)

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC
# Meetings from this many days back to this many ahead.
MEETINGS_BACK = 120
MEETINGS_AHEAD = 60
# Referrals from the last half year.
REFERRALS_BACK = 180
EVERY_DAYS: dict[str, int] = {
    Rhythm.WEEKLY: 7,
    Rhythm.FORTNIGHTLY: 14,
    Rhythm.SEVERAL_MONTHLY: 14,
}
MOST_KINDERGARTENS = 3  # kindergarten leaders on a drøftingsteam
# Services with a seat on every drøftingsteam, one employee each in turn.
AREA_SERVICES = (
    UnitKind.HEALTH_STATION,
    UnitKind.PPT,
    UnitKind.CHILD_WELFARE,
    UnitKind.FAMILY_SERVICE,
)
# The tidlig innsatsteam: the first is its leader.
MUNICIPAL_SERVICES = (
    UnitKind.FAMILY_SERVICE,
    UnitKind.HEALTH_STATION,
    UnitKind.PPT,
    UnitKind.CHILD_WELFARE,
    UnitKind.MENTAL_HEALTH,
    UnitKind.COORDINATING,
)
ANONYMOUS_SHARE = 0.15  # of the referrals to a team that allows it
# Ages of the drøftingsteam by the school it is named after.
AREA_AGES = {"barneskole": (0, 13), "ungdomsskole": (12, 16)}
UPPER_SECONDARY_AGES = (15, 20)


@dataclass(frozen=True)
class TeamUnit:
    id: int
    municipality: int  # the municipality's id
    kind: str
    name: str
    staff: tuple[int, ...]  # user ids, the leader first


@dataclass(frozen=True)
class Place:
    """A municipality with the units that serve it (its own and shared ones)."""

    id: int
    name: str
    units: tuple[TeamUnit, ...]


@dataclass(frozen=True)
class OpenCase:
    id: int
    municipality: int
    child: int
    level: int
    holder: int
    holder_unit: int
    opened_at: datetime.datetime
    born: datetime.date
    enrolled: int | None  # the unit the child is enrolled in now
    guardian: int | None  # a guardian with parental responsibility
    measured: bool  # the action plan has a measure


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(slots=True)
class _Team:
    municipality: int
    kind: int  # index into Teamwork.kinds
    code: DemoTeamKind
    name: str
    purpose: str
    leader: int
    place: str
    ages: tuple[int, int]
    seats: list[tuple[int, int, str]]  # (user, unit, role)
    units: set[int] = field(default_factory=set)  # whose children it takes


@dataclass(slots=True)
class _Referral:
    team: int
    case: OpenCase
    created_at: datetime.datetime
    status: str
    anonymous: bool
    age: int
    reason: str
    tried: str
    answer: str
    answered_at: datetime.datetime | None
    # The consent for team discussion, unless anonymous: given at, how, what it covers.
    consent_given: datetime.datetime | None = None
    consent_method: str = ""
    consent_categories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Meeting:
    team: int
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    past: bool
    items: list[int] = field(default_factory=list)
    approved_at: datetime.datetime | None = None  # the minutes'
    absent: frozenset[int] = frozenset()  # seats (indexes) not present


@dataclass(slots=True)
class _Item:
    meeting: int
    position: int
    referral: int | None
    topic: str
    child_view: str = ""
    guardians_view: str = ""
    assessment: str = ""


class Teamwork:
    """Decides the teams and what they do, in memory; `*_rows` give the rows."""

    def __init__(
        self,
        rng: random.Random,
        today: datetime.date,
        places: Sequence[Place],
        cases: Sequence[OpenCase],
    ) -> None:
        self.rng = rng
        self.today = today
        self.places = places
        self.cases_by_municipality: dict[int, list[OpenCase]] = defaultdict(list)
        for case in cases:
            self.cases_by_municipality[case.municipality].append(case)
        # (municipality, code) in the order they are made
        self.kinds: list[tuple[int, DemoTeamKind]] = []
        self.teams: list[_Team] = []
        self.referrals: list[_Referral] = []
        self.meetings: list[_Meeting] = []
        self.items: list[_Item] = []
        # (item, text, responsible, unit, due on, done at, created at)
        self.decisions: list[
            tuple[int, str, int, int, datetime.date, datetime.datetime | None, datetime.datetime]
        ] = []

    # -- deciding -------------------------------------------------------------------------

    def build(self) -> None:
        for place in self.places:
            first = len(self.teams)
            self._teams(place)
            for team in range(first, len(self.teams)):
                referred = len(self.referrals)
                self._referrals(team, self.cases_by_municipality.get(place.id, []))
                self._meetings(team, range(referred, len(self.referrals)))

    def _kind(self, municipality: int, code: DemoTeamKind) -> int:
        key = (municipality, code)
        if key not in self.kinds:
            self.kinds.append(key)
        return self.kinds.index(key)

    def _teams(self, place: Place) -> None:
        by_kind: dict[str, list[TeamUnit]] = defaultdict(list)
        for unit in place.units:
            if unit.staff:
                by_kind[unit.kind].append(unit)
        services = [by_kind[kind][0] for kind in MUNICIPAL_SERVICES if by_kind[kind]]
        if services:
            self._municipal_team(place, services)
        schools = by_kind[UnitKind.SCHOOL] + by_kind[UnitKind.UPPER_SECONDARY]
        primary = [s for s in schools if s.name.endswith("barneskole")] or schools
        # Each kindergarten belongs to one primary school's area, in turn.
        areas: dict[int, list[TeamUnit]] = defaultdict(list)
        for n, kindergarten in enumerate(by_kind[UnitKind.KINDERGARTEN]):
            if primary:
                areas[primary[n % len(primary)].id].append(kindergarten)
        for n, school in enumerate(schools):
            self._area_team(place, school, areas[school.id], by_kind, n)

    def _municipal_team(self, place: Place, services: Sequence[TeamUnit]) -> None:
        code = DemoTeamKind.EARLY_INTERVENTION
        leader = services[0]
        seats = [
            (unit.staff[0], unit.id, TeamRole.LEADER if unit is leader else TeamRole.MEMBER)
            for unit in services
        ]
        self.teams.append(
            _Team(
                municipality=place.id,
                kind=self._kind(place.id, code),
                code=code,
                name=f"Tidlig innsatsteam {place.name}",
                purpose=(
                    "Finner riktig hjelp i sammensatte saker tidlig, med foreldrene til stede."
                ),
                leader=leader.staff[0],
                place=f"Møterom, {leader.name}",
                ages=KINDS[code].ages,
                seats=_unique(seats),
            )
        )

    def _area_team(
        self,
        place: Place,
        school: TeamUnit,
        kindergartens: Sequence[TeamUnit],
        by_kind: dict[str, list[TeamUnit]],
        n: int,
    ) -> None:
        code = DemoTeamKind.DISCUSSION
        seats = [(school.staff[0], school.id, str(TeamRole.LEADER))]
        if len(school.staff) > 1:
            seats.append((school.staff[1], school.id, TeamRole.MEMBER))
        seats += [(k.staff[0], k.id, TeamRole.MEMBER) for k in kindergartens[:MOST_KINDERGARTENS]]
        for kind in AREA_SERVICES:
            units = by_kind[kind]
            if not units:
                continue
            unit = units[n % len(units)]
            # The services' leaders sit on the tidlig innsatsteam; their staff take turns here.
            staff = unit.staff[1:] or unit.staff
            seats.append((staff[n % len(staff)], unit.id, TeamRole.MEMBER))
        if school.kind == UnitKind.UPPER_SECONDARY:
            ages = UPPER_SECONDARY_AGES
        else:
            ages = next(
                (a for noun, a in AREA_AGES.items() if noun in school.name), KINDS[code].ages
            )
        self.teams.append(
            _Team(
                municipality=place.id,
                kind=self._kind(place.id, code),
                code=code,
                name=f"Drøftingsteam {school.name}",
                purpose=(
                    "Drøfter bekymringer for barn og unge i skolekretsen, med samtykke eller "
                    "anonymt, når egen tjeneste trenger råd."
                ),
                leader=school.staff[0],
                place=f"Møterom, {school.name}",
                ages=ages,
                seats=_unique(seats),
                units={school.id, *(k.id for k in kindergartens)},
            )
        )

    def _referrals(self, team_index: int, cases: Sequence[OpenCase]) -> None:
        rng = self.rng
        team = self.teams[team_index]
        area = team.code == DemoTeamKind.DISCUSSION
        low, high = team.ages
        if area:
            candidates = [
                c for c in cases if c.enrolled in team.units and c.level >= 1 and c.measured
            ]
            wanted = rng.randint(4, 14)
        else:
            candidates = [c for c in cases if c.level >= 2]
            wanted = rng.randint(8, 16) + len(candidates) // 100
        chosen = rng.sample(candidates, min(wanted, len(candidates)))
        for case in sorted(chosen, key=lambda c: c.id):
            opened_days = (self.today - case.opened_at.date()).days - 1
            if opened_days < 1:
                continue
            days = rng.randint(1, min(REFERRALS_BACK, opened_days))
            day = self.today - datetime.timedelta(days=days)
            age = age_on(case.born, day)
            if not low <= age <= high:
                continue
            anonymous = area and rng.random() < ANONYMOUS_SHARE
            if not anonymous and case.guardian is None and age < 15:
                continue  # no one to consent
            status = _status(rng, days)
            created_at = _working_moment(rng, day)
            answered_at = None
            if status != ReferralStatus.SUBMITTED:
                later = rng.randint(1, 7)
                answered_at = (
                    _working_moment(rng, day + datetime.timedelta(days=later))
                    if later < days
                    else created_at + datetime.timedelta(hours=2)
                )
            referral = _Referral(
                team=team_index,
                case=case,
                created_at=created_at,
                status=status,
                anonymous=anonymous,
                age=age,
                reason=rng.choice(REASONS),
                tried=rng.choice(TRIED) if area else "",
                answer=ANSWERS.get(status, ""),
                answered_at=answered_at,
            )
            if not anonymous:
                referral.consent_given = created_at - datetime.timedelta(days=rng.randint(0, 10))
                referral.consent_method = rng.choice(_METHODS)
                referral.consent_categories = rng.choice(_CATEGORIES)
            self.referrals.append(referral)

    def _meetings(self, team_index: int, referrals: range) -> None:
        rng = self.rng
        team = self.teams[team_index]
        every = EVERY_DAYS.get(KINDS[team.code].rhythm, 28)
        day = self.today - datetime.timedelta(days=MEETINGS_BACK - rng.randrange(every))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        start_hour = rng.choice((8, 9, 12, 13))
        first = len(self.meetings)
        last = self.today + datetime.timedelta(days=MEETINGS_AHEAD)
        while day <= last:
            starts_at = datetime.datetime(
                day.year, day.month, day.day, start_hour, 30, tzinfo=OSLO
            ).astimezone(UTC)
            self.meetings.append(
                _Meeting(
                    team=team_index,
                    day=day,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    past=day < self.today,
                )
            )
            day += datetime.timedelta(days=every)
        meetings = range(first, len(self.meetings))
        upcoming = next((m for m in meetings if not self.meetings[m].past), None)
        for r in referrals:
            referral = self.referrals[r]
            if referral.status == ReferralStatus.SUBMITTED:
                if upcoming is not None:
                    self._item(upcoming, r)
                continue
            if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
                continue
            answered = (referral.answered_at or referral.created_at).date()
            discussed = next((m for m in meetings if self.meetings[m].day > answered), None)
            if discussed is None:
                continue
            if self.meetings[discussed].past or referral.status == ReferralStatus.ACCEPTED:
                self._item(discussed, r)
            # Some accepted ones come up again at the next meeting.
            again = referral.status == ReferralStatus.ACCEPTED and self.meetings[discussed].past
            if upcoming is not None and again and rng.random() < 0.3:
                self._item(upcoming, r)
        for m in meetings:
            meeting = self.meetings[m]
            if rng.random() < 0.3:
                self._item(m, None, topic=rng.choice(TOPICS))
            if meeting.past:
                # Minutes are approved a day or three after; the last few days' not yet.
                if meeting.day < self.today - datetime.timedelta(days=3):
                    later = datetime.timedelta(days=rng.randint(1, 3))
                    meeting.approved_at = meeting.ends_at + later
                seats = range(len(team.seats))
                meeting.absent = frozenset(s for s in seats if rng.random() < 0.1)
                for i in meeting.items:
                    self._minutes_of_item(team, meeting, i)

    def _item(self, meeting: int, referral: int | None, topic: str = "") -> None:
        items = self.meetings[meeting].items
        items.append(len(self.items))
        self.items.append(_Item(meeting, len(items), referral, topic))

    def _minutes_of_item(self, team: _Team, meeting: _Meeting, index: int) -> None:
        rng = self.rng
        item = self.items[index]
        referral = self.referrals[item.referral] if item.referral is not None else None
        item.assessment = rng.choice(ASSESSMENTS if referral else TOPIC_NOTES)
        if referral is not None and not referral.anonymous:
            item.child_view = rng.choice(CHILD_VIEWS)
            item.guardians_view = rng.choice(GUARDIAN_VIEWS)
        count = rng.choice((0, 1, 1, 2)) if referral else rng.choice((0, 1))
        for _ in range(count):
            user, unit, _role = team.seats[rng.randrange(len(team.seats))]
            due_on = meeting.day + datetime.timedelta(days=rng.randint(14, 56))
            done_at = None
            if due_on < self.today and rng.random() < 0.7:
                done_day = max(meeting.day, due_on - datetime.timedelta(days=rng.randint(0, 10)))
                done_at = _working_moment(rng, done_day)
            texts = DECISIONS if referral else SYSTEM_DECISIONS
            self.decisions.append(
                (index, rng.choice(texts), user, unit, due_on, done_at, meeting.ends_at)
            )

    # -- rows -----------------------------------------------------------------------------

    def kind_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for kind_id, (municipality, code) in zip(ids, self.kinds, strict=True):
            spec = KINDS[code]
            yield (
                kind_id,
                municipality,
                str(code),
                spec.name,
                spec.description,
                spec.level,
                spec.anonymous,
                spec.tried_first,
            )

    def team_rows(self, ids: Sequence[int], kind_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for team_id, team in zip(ids, self.teams, strict=True):
            spec = KINDS[team.code]
            yield (
                team_id,
                team.municipality,
                kind_ids[team.kind],
                team.name,
                spec.level,
                team.purpose,
                team.leader,
                spec.citizens,
                spec.tried_first,
                spec.anonymous,
                spec.rhythm,
                team.ages[0],
                team.ages[1],
            )

    def membership_rows(self, team_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for team_id, team in zip(team_ids, self.teams, strict=True):
            for user, unit, role in team.seats:
                yield (team_id, user, unit, role)

    def referral_rows(
        self, ids: Sequence[int], team_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        for referral_id, r in zip(ids, self.referrals, strict=True):
            team = self.teams[r.team]
            yield (
                referral_id,
                team.municipality,
                team_ids[r.team],
                r.case.id,
                r.case.holder,
                r.case.holder_unit,
                r.reason,
                r.tried,
                r.anonymous,
                r.age,
                r.status,
                r.answer,
                team.leader if r.answered_at else None,
                r.answered_at,
                r.created_at,
                r.answered_at or r.created_at,
                2 if r.answered_at else 1,
            )

    def consent_rows(self, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        """A consent for team discussion for each referral made with consent, given a
        few days before, for a year, covering the team's kinds of unit."""
        for consent_id, r in zip(ids, self.consented(), strict=True):
            team = self.teams[r.team]
            given = r.consent_given
            assert given is not None  # noqa: S101 - consented() gives only these
            yield (
                consent_id,
                team.municipality,
                r.case.child,
                r.case.id,
                "team_discussion",
                "given",
                self.unit_kinds[r.team],
                r.consent_categories,
                given.date(),
                given.date() + datetime.timedelta(days=365),
                r.consent_method,
                r.case.holder,
                True,
                given,
            )

    def consent_party_rows(self, consent_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        """The guardian's answer, and a youth of 15 or more answers too."""
        for consent_id, r in zip(consent_ids, self.consented(), strict=True):
            if r.case.guardian is not None:
                yield (consent_id, r.case.guardian, False, "given")
            if r.age >= 15:
                yield (consent_id, None, True, "given")

    def consented(self) -> list[_Referral]:
        return [r for r in self.referrals if not r.anonymous]

    @property
    def unit_kinds(self) -> list[list[str]]:
        """Per team, the kinds of its members' units (what a consent must cover)."""
        cached: list[list[str]] | None = getattr(self, "_unit_kinds", None)
        if cached is None:
            kind_of = {u.id: u.kind for place in self.places for u in place.units}
            cached = [sorted({kind_of[unit] for _, unit, _ in t.seats}) for t in self.teams]
            self._unit_kinds = cached
        return cached

    def meeting_rows(
        self, ids: Sequence[int], team_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        for meeting_id, m in zip(ids, self.meetings, strict=True):
            team = self.teams[m.team]
            created = m.starts_at - datetime.timedelta(days=21)
            yield (
                meeting_id,
                team.municipality,
                team_ids[m.team],
                f"Møte i {team.name}",
                m.starts_at,
                m.ends_at,
                team.place,
                team.leader,
                MeetingStatus.PLANNED,
                team.leader,
                created,
            )

    def item_rows(
        self, ids: Sequence[int], meeting_ids: Sequence[int], referral_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        for item_id, item in zip(ids, self.items, strict=True):
            referral = self.referrals[item.referral] if item.referral is not None else None
            yield (
                item_id,
                meeting_ids[item.meeting],
                item.position,
                item.topic,
                referral_ids[item.referral] if item.referral is not None else None,
                referral.case.id if referral else None,
                item.child_view,
                item.guardians_view,
                item.assessment,
            )

    def participant_rows(
        self, meeting_ids: Sequence[int], item_ids: Sequence[int]
    ) -> Iterator[tuple[Any, ...]]:
        """Every member is invited; the parents to the item about their child in the
        tidlig innsatsteam (a referral made with consent)."""
        for meeting_id, m in zip(meeting_ids, self.meetings, strict=True):
            team = self.teams[m.team]
            invited = m.starts_at - datetime.timedelta(days=21)
            sent = m.approved_at
            for n, (user, _unit, _role) in enumerate(team.seats):
                present = n not in m.absent if m.past else None
                yield (
                    meeting_id,
                    ParticipantKind.EMPLOYEE,
                    user,
                    None,
                    None,
                    invited,
                    present,
                    sent,
                )
            if team.code != DemoTeamKind.EARLY_INTERVENTION:
                continue
            guardians: set[int] = set()
            for i in m.items:
                item = self.items[i]
                if item.referral is None:
                    continue
                case = self.referrals[item.referral].case
                if case.guardian is None or case.guardian in guardians:
                    continue
                guardians.add(case.guardian)
                yield (
                    meeting_id,
                    ParticipantKind.GUARDIAN,
                    None,
                    case.guardian,
                    item_ids[i],
                    invited,
                    True if m.past else None,
                    sent,
                )

    def minutes_rows(self, meeting_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for meeting_id, m in zip(meeting_ids, self.meetings, strict=True):
            if not m.past:
                continue
            leader = self.teams[m.team].leader
            approved_at = m.approved_at
            yield (
                meeting_id,
                MinutesStatus.APPROVED if approved_at else MinutesStatus.DRAFT,
                leader,
                leader if approved_at else None,
                approved_at,
                approved_at or m.ends_at,
                2 if approved_at else 1,
            )

    def decision_rows(self, item_ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for item, text, user, unit, due_on, done_at, created_at in self.decisions:
            yield (item_ids[item], text, user, unit, due_on, done_at, created_at)


def _unique(seats: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One seat per employee (the first)."""
    seen: set[int] = set()
    kept = []
    for seat in seats:
        if seat[0] not in seen:
            seen.add(seat[0])
            kept.append((seat[0], seat[1], str(seat[2])))
    return kept


def _status(rng: random.Random, days: int) -> str:
    """What has become of a referral made `days` ago."""
    options: tuple[tuple[str, int], ...]
    if days <= 10:
        options = ((ReferralStatus.SUBMITTED, 80), (ReferralStatus.MORE_INFO, 20))
    elif days <= 120:
        options = (
            (ReferralStatus.ACCEPTED, 78),
            (ReferralStatus.COMPLETED, 10),
            (ReferralStatus.DECLINED, 8),
            (ReferralStatus.WITHDRAWN, 4),
        )
    else:
        options = (
            (ReferralStatus.COMPLETED, 65),
            (ReferralStatus.ACCEPTED, 25),
            (ReferralStatus.DECLINED, 10),
        )
    statuses = [str(s) for s, _ in options]
    return rng.choices(statuses, [w for _, w in options])[0]


def _working_moment(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """A moment in working hours (08–15 Norwegian time) on `day`."""
    minute = rng.randrange(7 * 60, 14 * 60)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=UTC) + datetime.timedelta(
        minutes=minute
    )


_CATEGORIES: list[list[str]] = [
    [InformationCategory.OBSERVATIONS_AND_PLANS],
    [InformationCategory.OBSERVATIONS_AND_PLANS, InformationCategory.SCHOOL],
    [InformationCategory.OBSERVATIONS_AND_PLANS, InformationCategory.FAMILY_SITUATION],
]
_METHODS = [str(m) for m in (Method.PAPER, Method.DIGITAL, Method.DIGITAL, Method.ORAL)]

# -- text ----------------------------------------------------------------------------------
# Norwegian, without names or places: anonymous referrals use the same texts.

REASONS = (
    "Vi trenger råd om hvordan vi kan støtte barnet videre; tiltakene har ikke virket nok.",
    "Bekymring for fravær og trivsel over flere måneder. Ønsker å drøfte videre hjelp.",
    "Barnet strever med språk og samspill. Hvilke tjenester bør inn?",
    "Foreldrene ber om hjelp med rutiner hjemme; vi ønsker flere tjenester med.",
    "Uro og sinne i hverdagen. Vi lurer på om det trengs utredning.",
    "Barnet virker lei seg og trekker seg unna. Vi vil drøfte om flere bør involveres.",
)
TRIED = (
    "Fast voksen ved levering og ukentlige samtaler med foreldrene i åtte uker.",
    "Tilrettelagt undervisning og samtaler med kontaktlærer siden høsten.",
    "Foreldresamtaler og tett oppfølging av fravær.",
    "Språkgruppe to ganger i uken og veiledning av personalet.",
)
ANSWERS = {
    "more_info": "Teamet ber om en beskrivelse av hva som er prøvd, og hvor lenge.",
    "declined": "Saken hører hjemme i egen tjeneste nå; ta kontakt igjen om det ikke bedrer seg.",
}
ASSESSMENTS = (
    "Teamet mener tiltakene bør fortsette, med tettere oppfølging hjemme.",
    "Behovene er sammensatte; flere tjenester bør inn i samarbeidet.",
    "Det er tegn til bedring. Teamet følger saken til neste møte.",
    "Teamet anbefaler at PPT vurderer om det trengs utredning.",
)
CHILD_VIEWS = (
    "Barnet sier det er fint på skolen nå, men vanskelig om morgenen.",
    "Barnet ønsker å ha en voksen å snakke med.",
    "Barnet vil helst at ting skal være som før.",
)
GUARDIAN_VIEWS = (
    "Foreldrene er enige i planen og vil gjerne være med videre.",
    "Mor ønsker mer hjelp hjemme; far er usikker.",
    "Foreldrene opplever at det går bedre og vil fortsette tiltakene.",
)
DECISIONS = (
    "Helsesykepleier inviterer foreldrene til samtale.",
    "PPT observerer i barnehagen eller klassen og gir råd.",
    "Familiesenteret tilbyr foreldreveiledning.",
    "Kontaktlærer følger opp fravær ukentlig og melder tilbake til teamet.",
    "Stafettholder oppdaterer handlingsplanen med nye mål.",
)
TOPICS = (
    "Rutiner for overgang barnehage–skole",
    "Gjennomgang av årshjulet",
    "Erfaringer med foreldreveiledning",
    "Fravær i skolekretsen",
)
TOPIC_NOTES = (
    "Teamet gikk gjennom rutinene og ble enige om endringer.",
    "Drøftet erfaringer; tas opp igjen før sommeren.",
)
SYSTEM_DECISIONS = (
    "Leder sender oppdaterte rutiner til alle enhetene.",
    "Teamet inviterer PPT til neste møte for å presentere tilbudet.",
)
