"""`rodtrad generate`: employees, relay logs, timelines and measures (casework.py)."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable
from typing import TypedDict, cast

import pytest
from django.db.models import Count, Min, Q
from django_stubs_ext import WithAnnotations

from rodtrad.accounts.models import User
from rodtrad.cases.models import Case, CaseUnit, Entry, EntryKind, Measure, Status
from rodtrad.demo.casework import USERNAME_PATTERN
from rodtrad.demo.generator import GENERATED_PASSWORD, generated_municipalities
from rodtrad.organisation.models import Membership, Role, Unit
from tests.demo import generating
from tests.demo.generating import TODAY

pytestmark = pytest.mark.django_db


class StaffCounts(TypedDict):
    leaders: int
    staff: int


def generate(*args: str, children: int = 1000) -> str:
    return generating.generate(*args, children=children)


def generated_users() -> list[User]:
    return list(User.objects.filter(username__regex=USERNAME_PATTERN))


def test_it_staffs_every_unit_with_a_leader_first() -> None:
    generate()
    units = Unit.objects.filter(municipality__in=generated_municipalities())
    assert units.exists()
    # UnitQuerySet is not generic, so django-stubs would iterate it as plain Units.
    counted = cast(
        "Iterable[WithAnnotations[Unit, StaffCounts]]",
        units.annotate(
            leaders=Count("memberships", filter=Q(memberships__role=Role.LEADER)),
            staff=Count("memberships"),
        ),
    )
    for unit in counted:
        assert unit.leaders == 1
        assert unit.staff >= 1
    users = generated_users()
    assert len(users) == Membership.objects.filter(user__in=users).count()
    assert users[0].check_password(GENERATED_PASSWORD)


def test_it_opens_relay_logs_held_by_members_of_the_holding_unit() -> None:
    output = generate()
    cases = Case.objects.filter(municipality__in=generated_municipalities())
    assert cases.count() == 300  # three children in ten
    assert cases.filter(status=Status.OPEN).count() == 261
    assert "relay logs" in output or "stafettlogger" in output
    for case in cases.select_related("child"):
        assert case.child.municipality_id == case.municipality_id
        assert case.holder_id is not None and case.holder_unit_id is not None
        assert Membership.objects.filter(user_id=case.holder_id, unit_id=case.holder_unit_id)
        assert CaseUnit.objects.filter(case=case, unit_id=case.holder_unit_id).exists()
    # Level 2 and 3: other services have joined.
    joined = cases.filter(level__gte=2).annotate(n=Count("case_units"))
    assert joined.exists()
    assert all(case.n >= 2 for case in joined)


def test_each_timeline_starts_with_a_concern_and_most_are_short() -> None:
    generate()
    cases = Case.objects.filter(municipality__in=generated_municipalities())
    firsts = Counter(
        Entry.objects.filter(case__in=cases)
        .order_by("case_id", "created_at", "id")
        .distinct("case_id")
        .values_list("kind", flat=True)
    )
    assert firsts == {EntryKind.CONCERN: cases.count()}
    sizes = list(cases.annotate(n=Count("entries")).order_by("n").values_list("n", flat=True))
    median = statistics.median(sizes)
    assert 8 <= median <= 40
    assert max(sizes) > 4 * median  # a few long ones
    opened = cases.annotate(first_entry=Min("entries__created_at"))
    assert all(case.first_entry == case.opened_at for case in opened)
    assert not Entry.objects.filter(created_at__date__gte=TODAY).exists()


def test_measures_are_due_around_the_day_given() -> None:
    generate()
    measures = Measure.objects.filter(
        case__municipality__in=generated_municipalities(),
        case__status=Status.OPEN,
        status__in=("planned", "active"),
    )
    due = measures.filter(evaluate_on__gte=TODAY, evaluate_on__lte=TODAY + datetime.timedelta(7))
    overdue = measures.filter(evaluate_on__lt=TODAY)
    assert due.exists()
    assert overdue.exists()
    assert Entry.objects.filter(kind=EntryKind.MEASURE, measure__in=measures).count() == (
        measures.count()
    )


def logs() -> list[tuple[object, ...]]:
    return list(
        Case.objects.filter(municipality__in=generated_municipalities())
        .annotate(n=Count("entries"))
        .order_by("child__identity_number")
        .values_list("child__identity_number", "level", "status", "opened_at", "n")
    )


def test_the_same_options_and_day_give_the_same_logs_and_replace_removes_the_old() -> None:
    generate()
    first, employees = logs(), len(generated_users())
    generate("--replace")
    assert logs() == first
    assert len(generated_users()) == employees
    generate("--replace", children=200)
    assert Case.objects.filter(municipality__in=generated_municipalities()).count() == 60
    assert len(generated_users()) < employees
