"""Synthetic identity numbers and the school path the demo data follow."""

from __future__ import annotations

import datetime

import pytest

from rodtrad.demo.schooling import Stage, current_period, periods_until, school_year_start
from rodtrad.demo.synthetic import (
    NumbersExhausted,
    NumberSpace,
    SyntheticNumbers,
    individual_range,
    synthetic_identity_number,
)
from rodtrad.people.identity import IdentityKind, parse_identity_number


@pytest.mark.parametrize("space", list(NumberSpace))
@pytest.mark.parametrize(
    "birth_date",
    [datetime.date(1961, 2, 28), datetime.date(1999, 12, 31), datetime.date(2020, 2, 29)],
)
def test_it_makes_numbers_the_identity_parser_reads_as_synthetic(
    space: NumberSpace, birth_date: datetime.date
) -> None:
    numbers = SyntheticNumbers(space)
    made = [numbers.next_for(birth_date) for _ in range(20)]
    assert len(set(made)) == 20
    for number in made:
        parsed = parse_identity_number(number)
        assert parsed.kind is IdentityKind.SYNTHETIC
        assert parsed.birth_date == birth_date
        assert int(number[6:9]) in individual_range(birth_date.year, space)
        assert synthetic_identity_number(birth_date, int(number[6:9])) == number


def test_it_keeps_demo_and_generator_numbers_apart() -> None:
    for year in (1985, 2015):
        demo = individual_range(year, NumberSpace.DEMO)
        generator = individual_range(year, NumberSpace.GENERATOR)
        assert not set(demo) & set(generator)


def test_it_gives_the_same_numbers_in_the_same_order() -> None:
    days = [datetime.date(2015, 5, 17), datetime.date(2015, 5, 17), datetime.date(1980, 1, 1)]
    first = [SyntheticNumbers(NumberSpace.GENERATOR).next_for(day) for day in days]
    second = [SyntheticNumbers(NumberSpace.GENERATOR).next_for(day) for day in days]
    assert first == second


def test_it_skips_numbers_already_taken() -> None:
    day = datetime.date(2015, 5, 17)
    first = SyntheticNumbers(NumberSpace.DEMO).next_for(day)
    assert SyntheticNumbers(NumberSpace.DEMO, taken={first}.__contains__).next_for(day) != first


def test_it_says_when_a_birth_date_has_no_numbers_left() -> None:
    numbers = SyntheticNumbers(NumberSpace.DEMO)
    day = datetime.date(2015, 5, 17)
    with pytest.raises(NumbersExhausted):
        for _ in range(100):
            numbers.next_for(day)


def test_it_places_a_child_on_the_norwegian_school_path() -> None:
    born = datetime.date(2016, 3, 1)  # starts school in August 2022

    def stage_on(day: datetime.date) -> Stage | None:
        period = current_period(born, day)
        return period.stage if period else None

    assert stage_on(datetime.date(2016, 12, 1)) is None  # not yet in kindergarten
    assert stage_on(datetime.date(2020, 1, 10)) == Stage.KINDERGARTEN
    assert stage_on(datetime.date(2022, 8, 15)) == Stage.PRIMARY
    assert stage_on(datetime.date(2029, 9, 1)) == Stage.LOWER_SECONDARY
    assert stage_on(datetime.date(2032, 9, 1)) == Stage.UPPER_SECONDARY
    assert stage_on(datetime.date(2029, 7, 1)) is None  # summer holiday
    assert [p.stage for p in periods_until(born, datetime.date(2026, 11, 22))] == [
        Stage.KINDERGARTEN,
        Stage.PRIMARY,
    ]
    assert school_year_start(datetime.date(2026, 11, 22)) == datetime.date(2026, 8, 15)
