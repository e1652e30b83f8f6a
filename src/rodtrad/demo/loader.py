"""Loads the demo municipalities (see ``data.py``) idempotently.

Every row is found by its natural key (municipality number, unit name,
username, person name within the municipality, child and unit) and only
written when something differs, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.catalogue.demo import load_catalogue_demo
from rodtrad.demo import data
from rodtrad.demo.schooling import add_years, periods_until
from rodtrad.demo.stories import load_s1_case
from rodtrad.demo.synthetic import NumberSpace, SyntheticNumbers
from rodtrad.organisation.models import Membership, Municipality, Role, Unit
from rodtrad.people.identity import IdentityKind, parse_identity_number
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship
from rodtrad.teams.demo import load_teams_demo

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    name: str
    title: str
    unit: str
    role: Role
    stories: str


@dataclass(frozen=True)
class CitizenLogin:
    name: str
    identity_number: str
    stories: str


@dataclass(frozen=True)
class DemoResult:
    logins: list[Login]
    citizens: list[CitizenLogin]


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Get by `lookup` and bring up to date with `values`, saving only what changed.

    Unlike update_or_create, an unchanged row is not written (auto_now
    fields keep their time). Values use attribute names (``unit_id``).
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[*changed, *auto_now])
    return obj


def _number_in_use(number: str) -> bool:
    return (
        Child.objects.filter(identity_number=number).exists()
        or Guardian.objects.filter(identity_number=number).exists()
    )


def _keeps_number(current: str | None, birth_date: datetime.date) -> bool:
    """Is the stored number a synthetic one for this birth date?"""
    if not current:
        return False
    try:
        parsed = parse_identity_number(current)
    except ValidationError:
        return False
    return parsed.kind is IdentityKind.SYNTHETIC and parsed.birth_date == birth_date


def child_birth_date(
    child: data.DemoChild, today: datetime.date, stored: datetime.date | None
) -> datetime.date:
    """The stored birth date while it gives the story's age, else a fresh one."""
    if stored is not None:
        before_birthday = (today.month, today.day) < (stored.month, stored.day)
        if today.year - stored.year - before_birthday == child.age:
            return stored
    return add_years(today, -child.age) - datetime.timedelta(days=child.days_since_birthday)


class _Loader:
    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.numbers = SyntheticNumbers(NumberSpace.DEMO, taken=_number_in_use)
        self.municipalities: dict[str, Municipality] = {}
        self.units: dict[str, Unit] = {}
        self.users: dict[str, User] = {}
        self.adults: dict[str, Guardian] = {}
        self.children: dict[tuple[str, str], Child] = {}
        self.families: dict[str, Family] = {}
        self._verified_password_hashes: set[str] = set()
        self._new_password_hash: str | None = None

    def load(self) -> DemoResult:
        for number, name in data.MUNICIPALITIES.items():
            self.municipalities[number] = upsert(Municipality, {"number": number}, {"name": name})
        self._load_units()
        self._load_employees()
        self._load_adults()
        self._load_families()
        self._load_children()
        self._load_stories()
        load_teams_demo(self.municipalities, self.users)
        for municipality in self.municipalities.values():
            load_catalogue_demo(municipality)
        return DemoResult(self._logins(), self._citizens())

    def _load_units(self) -> None:
        for spec in data.UNITS:
            municipality = self.municipalities[spec.municipality]
            parent = self.units[spec.parent] if spec.parent else None
            unit = upsert(
                Unit,
                {"municipality": municipality, "name": spec.name},
                {
                    "kind": spec.kind,
                    "confidentiality_law": spec.law,
                    "parent_id": parent.pk if parent else None,
                },
            )
            if spec.serves:
                unit.serves.add(*(self.municipalities[number] for number in spec.serves))
            self.units[spec.name] = unit

    def _demo_password_hash(self, current: str) -> str:
        """Keep a hash that already matches the demo password; hash once for the rest.

        Hashing is slow on purpose, so all new demo users share one hash.
        """
        if current in self._verified_password_hashes:
            return current
        if current and check_password(data.DEMO_PASSWORD, current):
            self._verified_password_hashes.add(current)
            return current
        if self._new_password_hash is None:
            self._new_password_hash = make_password(data.DEMO_PASSWORD)
            self._verified_password_hashes.add(self._new_password_hash)
        return self._new_password_hash

    def _load_employees(self) -> None:
        for spec in data.EMPLOYEES:
            current = User.objects.filter(username=spec.username).first()
            password = self._demo_password_hash(current.password if current else "")
            user = upsert(
                User,
                {"username": spec.username},
                {
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": spec.email,
                    "is_active": True,
                    "password": password,
                },
            )
            for unit_name, role in spec.memberships:
                upsert(Membership, {"user": user, "unit": self.units[unit_name]}, {"role": role})
            self.users[spec.username] = user

    def _identity_number(self, current: str | None, birth_date: datetime.date) -> str:
        if current and _keeps_number(current, birth_date):
            return current
        return self.numbers.next_for(birth_date)

    def _load_adults(self) -> None:
        for spec in data.ADULTS:
            municipality = self.municipalities[spec.municipality]
            lookup = {
                "municipality": municipality,
                "given_name": spec.given_name,
                "family_name": spec.family_name,
            }
            current = Guardian.objects.filter(**lookup).first()
            number = self._identity_number(current.identity_number if current else None, spec.born)
            self.adults[spec.key] = upsert(
                Guardian,
                lookup,
                {"identity_number": number, "address": spec.address, "email": spec.email},
            )

    def _load_families(self) -> None:
        for spec in data.FAMILIES:
            family = upsert(
                Family,
                {"municipality": self.municipalities[spec.municipality], "name": spec.name},
                {},
            )
            family.adults.add(*(self.adults[key] for key in spec.adults))
            self.families[spec.name] = family

    def _load_children(self) -> None:
        for spec in data.CHILDREN:
            municipality = self.municipalities[spec.municipality]
            lookup = {
                "municipality": municipality,
                "given_name": spec.given_name,
                "family_name": spec.family_name,
            }
            current = Child.objects.filter(**lookup).first()
            birth_date = child_birth_date(spec, self.today, current.birth_date if current else None)
            number = self._identity_number(current.identity_number if current else None, birth_date)
            child = upsert(Child, lookup, {"identity_number": number, "birth_date": birth_date})
            for guardian in spec.guardians:
                upsert(
                    Guardianship,
                    {"child": child, "guardian": self.adults[guardian.adult]},
                    {
                        "relation": guardian.relation,
                        "parental_responsibility": guardian.parental_responsibility,
                        "lives_with_child": guardian.lives_with_child,
                    },
                )
            self.families[spec.household].children.add(child)
            self._enrol(spec, child)
            self.children[(spec.given_name, spec.family_name)] = child

    def _load_stories(self) -> None:
        """The relay logs of the stories, through the same do_ functions as the pages."""
        load_s1_case(
            today=self.today,
            child=self.children[("Emil", "Solheim")],
            mother=self.adults["ingvild"],
            father=self.adults["anders"],
            users=self.users,
            units=self.units,
            kindergarten=data.SOLSIKKEN,
            joining=(data.HEALTH_STATION, data.PPT, data.FAMILY_CENTRE),
        )

    def _enrol(self, spec: data.DemoChild, child: Child) -> None:
        """Enrolments from the child's age: past ones closed, the current one open."""
        places = {**data.PLACES[spec.municipality], **spec.places}
        spans: dict[str, tuple[datetime.date, datetime.date]] = {}
        for period in periods_until(child.birth_date, self.today):
            unit_name = places[period.stage]
            # A school with grades 1–10 gets one enrolment for both stages.
            starts_on = spans[unit_name][0] if unit_name in spans else period.starts_on
            spans[unit_name] = (starts_on, period.ends_on)
        units = []
        for unit_name, (starts_on, ends_on) in spans.items():
            unit = self.units[unit_name]
            units.append(unit)
            upsert(
                Enrolment,
                {"child": child, "unit": unit},
                {
                    "municipality_id": child.municipality_id,
                    "starts_on": starts_on,
                    "ends_on": ends_on if ends_on < self.today else None,
                },
            )
        # A birth date moved by a later run may leave a school behind.
        child.enrolments.exclude(unit__in=units).delete()

    def _logins(self) -> list[Login]:
        logins = []
        for spec in data.EMPLOYEES:
            for unit_name, role in spec.memberships:
                logins.append(
                    Login(
                        spec.username,
                        data.DEMO_PASSWORD,
                        f"{spec.first_name} {spec.last_name}",
                        spec.title,
                        unit_name,
                        role,
                        spec.stories,
                    )
                )
        return logins

    def _citizens(self) -> list[CitizenLogin]:
        citizens = []
        for key, stories in data.CITIZEN_LOGINS:
            guardian = self.adults[key]
            citizens.append(CitizenLogin(str(guardian), guardian.identity_number or "", stories))
        return citizens


def load_demo(today: datetime.date | None = None) -> DemoResult:
    """Create or bring up to date the demo municipalities, people and logins."""
    with transaction.atomic():
        return _Loader(today or timezone.localdate()).load()
