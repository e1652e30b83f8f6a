"""Identity numbers: every kind a municipality meets, and the Norwegian messages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rodtrad.people.identity import (
    IdentityKind,
    mask,
    parse_identity_number,
    uses_classic_check_digits,
)

FIRST = (3, 7, 6, 1, 8, 9, 4, 5, 2)
SECOND = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
TODAY = datetime.date(2026, 11, 22)


def with_check_digits(base: str, first_remainder: int = 0) -> str:
    """Append check digits to nine digits; first_remainder > 0 gives a 2032-scheme number."""
    k1 = (first_remainder - sum(w * int(d) for w, d in zip(FIRST, base, strict=True))) % 11
    k2 = (-sum(w * int(d) for w, d in zip(SECOND, base + str(k1), strict=False))) % 11
    if k1 == 10 or k2 == 10:
        raise ValueError(base)
    return f"{base}{k1}{k2}"


def first_valid(date_part: str, individuals: range, first_remainder: int = 0) -> str:
    for individual in individuals:
        try:
            return with_check_digits(f"{date_part}{individual:03d}", first_remainder)
        except ValueError:
            continue
    raise AssertionError("no valid number in range")


def parse(number: str) -> object:
    return parse_identity_number(number, today=TODAY)


def test_it_accepts_a_birth_number_and_reads_the_birth_date() -> None:
    result = parse_identity_number("15108695088", today=TODAY)
    assert result.kind is IdentityKind.BIRTH_NUMBER
    assert result.birth_date == datetime.date(1986, 10, 15)
    assert not result.is_d_number


def test_it_accepts_spaces_and_hyphens_and_stores_compact() -> None:
    assert parse_identity_number("151086 95088", today=TODAY).number == "15108695088"
    assert parse_identity_number("151086-95088", today=TODAY).number == "15108695088"


def test_it_accepts_a_d_number() -> None:
    number = first_valid("551086", range(100, 500))  # day 15 + 40
    result = parse_identity_number(number, today=TODAY)
    assert result.kind is IdentityKind.D_NUMBER
    assert result.is_d_number
    assert result.birth_date == datetime.date(1986, 10, 15)


def test_it_accepts_an_h_number_or_dolly_synthetic_number() -> None:
    number = first_valid("155086", range(100, 500))  # month 10 + 40
    result = parse_identity_number(number, today=TODAY)
    assert result.kind is IdentityKind.H_NUMBER
    assert result.birth_date == datetime.date(1986, 10, 15)


def test_it_accepts_a_tenor_synthetic_number() -> None:
    number = first_valid("149021", range(500, 1000))  # month 10 + 80, born 2021
    result = parse_identity_number(number, today=TODAY)
    assert result.kind is IdentityKind.SYNTHETIC
    assert result.birth_date == datetime.date(2021, 10, 14)


@pytest.mark.parametrize(
    ("date_part", "kind"), [("549021", IdentityKind.SYNTHETIC), ("545021", IdentityKind.H_NUMBER)]
)
def test_it_accepts_synthetic_numbers_combined_with_d_numbers(
    date_part: str, kind: IdentityKind
) -> None:
    result = parse_identity_number(first_valid(date_part, range(500, 1000)), today=TODAY)
    assert result.kind is kind
    assert result.is_d_number
    assert result.birth_date == datetime.date(2021, 10, 14)


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_it_accepts_numbers_of_the_2032_scheme(remainder: int) -> None:
    number = first_valid("150132", range(500, 1000), first_remainder=remainder)
    result = parse_identity_number(number, today=datetime.date(2032, 6, 1))
    assert result.birth_date == datetime.date(2032, 1, 15)
    # python-stdnum knows only the classic rule; the extra remainders are ours.
    assert not uses_classic_check_digits(number)


def test_it_refuses_a_first_check_remainder_outside_the_2032_scheme() -> None:
    number = first_valid("150132", range(500, 1000), first_remainder=4)
    with pytest.raises(ValidationError) as error:
        parse_identity_number(number, today=datetime.date(2032, 6, 1))
    assert error.value.code == "identity_checksum"


def test_it_refuses_a_wrong_second_check_digit() -> None:
    with pytest.raises(ValidationError) as error:
        parse_identity_number("15108695087", today=TODAY)
    assert error.value.code == "identity_checksum"


@pytest.mark.parametrize(
    "value", ["", "1510869508", "151086950888", "15108695O88", "１５１０８６９５０８８"]
)
def test_it_refuses_anything_but_eleven_digits(value: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_identity_number(value, today=TODAY)
    assert error.value.code == "identity_length"


def test_it_refuses_an_impossible_birth_date() -> None:
    number = first_valid("310286", range(100, 500))  # 31 February
    with pytest.raises(ValidationError) as error:
        parse_identity_number(number, today=TODAY)
    assert error.value.code == "identity_date"


def test_it_refuses_a_birth_date_in_the_future() -> None:
    number = first_valid("010127", range(500, 1000))  # 1 January 2027
    with pytest.raises(ValidationError) as error:
        parse_identity_number(number, today=TODAY)
    assert error.value.code == "identity_future"


def test_it_explains_the_error_in_norwegian() -> None:
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        parse_identity_number("12345", today=TODAY)
    assert error.value.messages == ["Et fødselsnummer har nøyaktig 11 siffer."]
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        parse_identity_number("15108695087", today=TODAY)
    assert "kontrollsifrene" in error.value.messages[0]


def test_it_masks_all_but_the_birth_date() -> None:
    assert mask("15108695088") == "151086 *****"
    assert "95088" not in mask("15108695088")
