"""Shared test actors and places (one place, as in healthchecks' hc/test.py)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import translation

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Membership, Municipality, Role, Unit, UnitKind
from rodtrad.people.models import Child

PASSWORD = "korrekt-hest-batteri-stift"


def make_birth_number(day: int, month: int, year: int, individual: int) -> str:
    """Compute a valid classic fødselsnummer, so tests never depend on real people."""
    base = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
    weights1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    weights2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k1 = (11 - sum(w * int(d) for w, d in zip(weights1, base, strict=True)) % 11) % 11
    if k1 == 10:
        raise ValueError("no valid first check digit for this individual number")
    with_k1 = base + str(k1)
    k2 = (11 - sum(w * int(d) for w, d in zip(weights2, with_k1, strict=True)) % 11) % 11
    if k2 == 10:
        raise ValueError("no valid second check digit for this individual number")
    return with_k1 + str(k2)


def valid_birth_number(day: int, month: int, year: int) -> str:
    """The first valid number for the date, with an individual number of the right century."""
    start = 500 if year >= 2000 else 0
    for individual in range(start, start + 500):
        try:
            return make_birth_number(day, month, year, individual)
        except ValueError:
            continue
    raise AssertionError("unreachable: some individual number always works")


@pytest.fixture
def municipality(db: None) -> Municipality:
    return Municipality.objects.create(number="5028", name="Melhus")


@pytest.fixture
def other_municipality(db: None) -> Municipality:
    return Municipality.objects.create(number="5029", name="Skaun")


@pytest.fixture
def kindergarten(municipality: Municipality) -> Unit:
    return Unit.objects.create(
        municipality=municipality, kind=UnitKind.KINDERGARTEN, name="Solsikken barnehage"
    )


@pytest.fixture
def other_kindergarten(other_municipality: Municipality) -> Unit:
    return Unit.objects.create(
        municipality=other_municipality, kind=UnitKind.KINDERGARTEN, name="Lyngen barnehage"
    )


def make_user(username: str, unit: Unit, role: str = Role.EMPLOYEE) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.capitalize(), last_name="Testesen"
    )
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def admin_user(kindergarten: Unit) -> User:
    """Administrator of the municipality that owns `kindergarten`."""
    return make_user("admin", kindergarten, Role.ADMINISTRATOR)


@pytest.fixture
def employee(kindergarten: Unit) -> User:
    return make_user("kari", kindergarten)


@pytest.fixture
def other_admin(other_kindergarten: Unit) -> User:
    """Administrator in another municipality: sees nothing of ours."""
    return make_user("annen", other_kindergarten, Role.ADMINISTRATOR)


@pytest.fixture
def child(municipality: Municipality) -> Child:
    return Child.objects.create(
        municipality=municipality,
        identity_number=valid_birth_number(14, 3, 2021),
        given_name="Emil",
        family_name="Hansen",
        birth_date=datetime.date(2021, 3, 14),
    )


def logged_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def nb(msgid: str, **params: object) -> str:
    """The bokmål text of a message from an app's catalogue, checked to be
    translated (not the English msgid), so a test asserts Norwegian without
    pinning wording another app's translator may still polish."""
    with translation.override("en"):
        english = translation.gettext(msgid)
    with translation.override("nb"):
        norwegian = translation.gettext(msgid)
    assert norwegian != english, f"no bokmål translation for {msgid!r}"
    return norwegian % params if params else norwegian
