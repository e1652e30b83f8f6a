"""`rodtrad generate`: the large synthetic data set."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from rodtrad.demo.generator import generated_municipalities, municipality_sizes
from rodtrad.organisation.models import ENROLLING_UNIT_KINDS, Municipality, Unit, UnitKind
from rodtrad.people.identity import IdentityKind, parse_identity_number
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship

pytestmark = pytest.mark.django_db

REFERENCE = "2025-08-15"


def generate(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("generate", *args, stdout=out, **{"children": 300, **options})
    return out.getvalue()


def generated_children() -> list[tuple[str | None, str, str, datetime.date]]:
    return list(
        Child.objects.filter(municipality__in=generated_municipalities())
        .order_by("identity_number")
        .values_list("identity_number", "given_name", "family_name", "birth_date")
    )


def test_it_creates_the_children_with_guardians_families_and_enrolments() -> None:
    generate()
    assert Child.objects.count() == 300
    guardians_per_child = Counter(
        Child.objects.annotate(n=Count("guardianships")).values_list("n", flat=True)
    )
    assert set(guardians_per_child) <= {1, 2}
    assert not Child.objects.filter(families__isnull=True).exists()
    # Every child has someone with parental responsibility.
    assert not Child.objects.exclude(guardianships__parental_responsibility=True).exists()
    assert Guardian.objects.count() > 150
    assert Family.objects.count() > 100
    assert Enrolment.objects.count() > 200


def test_it_enrols_children_by_age_in_their_own_municipality() -> None:
    generate(reference_date=datetime.date.fromisoformat(REFERENCE))
    reference = datetime.date.fromisoformat(REFERENCE)
    enrolments = Enrolment.objects.select_related("child", "unit")
    assert enrolments.exists()
    for enrolment in enrolments:
        assert enrolment.unit.kind in ENROLLING_UNIT_KINDS
        assert enrolment.unit.municipality_id == enrolment.child.municipality_id
        assert enrolment.municipality_id == enrolment.child.municipality_id
        assert enrolment.ends_on is None
        assert enrolment.starts_on <= reference
        age = enrolment.child.age_on(reference)
        if enrolment.unit.kind == UnitKind.KINDERGARTEN:
            assert 0 <= age <= 6
        elif enrolment.unit.kind == UnitKind.SCHOOL:
            assert 5 <= age <= 16


def test_it_uses_valid_unique_synthetic_identity_numbers() -> None:
    generate()
    children = generated_children()
    guardians = list(Guardian.objects.values_list("identity_number", flat=True))
    numbers = [number for number, *_ in children] + guardians
    assert len(set(numbers)) == len(numbers)
    for number, _, _, birth_date in children[::6]:
        assert number is not None
        parsed = parse_identity_number(number)
        assert parsed.kind is IdentityKind.SYNTHETIC
        assert parsed.birth_date == birth_date
    for number in guardians[::5]:
        assert number is not None
        assert parse_identity_number(number).kind is IdentityKind.SYNTHETIC


def test_it_marks_generated_municipalities_by_number() -> None:
    generate()
    numbers = list(Municipality.objects.values_list("number", flat=True))
    assert numbers
    assert all(8000 <= int(number) <= 8999 for number in numbers)


def test_it_refuses_to_run_twice_without_replace() -> None:
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert Child.objects.count() == 300


def test_it_gives_the_same_data_again_after_replace() -> None:
    generate(reference_date=datetime.date.fromisoformat(REFERENCE))
    first = generated_children()
    first_units = sorted(Unit.objects.values_list("name", "kind"))
    generate("--replace", reference_date=datetime.date.fromisoformat(REFERENCE))
    assert generated_children() == first
    assert sorted(Unit.objects.values_list("name", "kind")) == first_units
    assert Municipality.objects.count() == 3


def test_it_gives_other_data_for_another_seed() -> None:
    generate(reference_date=datetime.date.fromisoformat(REFERENCE))
    first = generated_children()
    generate("--replace", reference_date=datetime.date.fromisoformat(REFERENCE), seed=7)
    assert generated_children() != first


def test_it_replaces_only_generated_data() -> None:
    call_command("demo", stdout=StringIO())
    demo_children = set(Child.objects.values_list("identity_number", flat=True))
    demo_guardianships = Guardianship.objects.count()
    generate()
    generate("--replace", children=120)
    assert Child.objects.exclude(municipality__in=generated_municipalities()).count() == len(
        demo_children
    )
    assert (
        set(
            Child.objects.exclude(municipality__in=generated_municipalities()).values_list(
                "identity_number", flat=True
            )
        )
        == demo_children
    )
    assert Child.objects.filter(municipality__in=generated_municipalities()).count() == 120
    assert Guardianship.objects.filter(child__municipality__number__startswith="99").count() == (
        demo_guardianships
    )


def test_it_lets_small_municipalities_share_a_child_welfare_service() -> None:
    generate(children=1000, municipalities=8)
    shared = Unit.objects.annotate(n=Count("serves")).filter(kind=UnitKind.CHILD_WELFARE, n=2)
    assert shared.count() == 2
    assert Unit.objects.filter(kind=UnitKind.CHILD_WELFARE).count() == 6


def test_it_prints_progress_and_the_elapsed_time() -> None:
    output = generate()
    assert "300" in output
    assert " s)" in output
    assert "barn" in output  # Norwegian


def test_it_refuses_a_reference_date_in_the_future() -> None:
    with pytest.raises(CommandError):
        generate(reference_date=datetime.date.today() + datetime.timedelta(days=2))  # noqa: DTZ011


def test_it_splits_children_over_municipalities_largest_first() -> None:
    sizes = municipality_sizes(200_000, 40)
    assert sum(sizes) == 200_000
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > 10 * sizes[-1]


def test_it_refuses_a_reference_date_before_2000() -> None:
    with pytest.raises(CommandError):
        generate(reference_date=datetime.date(1999, 8, 15))
