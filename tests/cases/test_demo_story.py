"""Story S1 is in the demo, up to level 2, and loading again changes nothing."""

from __future__ import annotations

import pytest

from rodtrad.cases.models import Case, Entry, EntryKind, Level
from rodtrad.demo.loader import load_demo
from rodtrad.policy import Action, can

pytestmark = pytest.mark.django_db


def test_it_has_emils_case_at_level_2_with_the_services_that_joined() -> None:
    load_demo()

    case = Case.objects.get(child__given_name="Emil", child__municipality__number="9901")
    assert case.level == Level.SIMPLE_COLLABORATION
    assert case.holder is not None and case.holder.username == "kari"
    assert set(case.units.values_list("kind", flat=True)) == {
        "kindergarten",
        "health_station",
        "ppt",
        "family_service",
    }
    kinds = set(Entry.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        EntryKind.CONCERN,
        EntryKind.OBSERVATION,
        EntryKind.BRIGHT_SPOT,
        EntryKind.LEADER_DECISION,
        EntryKind.CONVERSATION,
        EntryKind.MEASURE,
        EntryKind.EVALUATION,
        EntryKind.LEVEL_CHANGE,
        EntryKind.UNIT_JOINED,
    } <= kinds
    from rodtrad.accounts.models import User

    for username in ("hanne", "per", "fatima", "berit"):
        assert can(User.objects.get(username=username), Action.READ, case)
    assert not can(User.objects.get(username="tone"), Action.READ, case)


def test_loading_again_writes_no_second_case() -> None:
    load_demo()
    entries = Entry.objects.count()
    load_demo()
    assert Case.objects.filter(child__given_name="Emil").count() == 1
    assert Entry.objects.count() == entries
