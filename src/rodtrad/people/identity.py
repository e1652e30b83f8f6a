"""Norwegian identity numbers: fødselsnummer, D and H numbers, synthetic test
numbers (Tenor: month +80, Dolly: month +40, also combined with D) and the
2032 scheme, in which the first check digit may be computed with remainder
0–3. Sex is never derived: numbers from 2032 carry none.

python-stdnum checks ordinary, D and H numbers; the rest is ours.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import fodselsnummer

FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
# Under the 2032 scheme the first control sum may leave these remainders.
FIRST_CHECK_REMAINDERS_2032 = frozenset({0, 1, 2, 3})

MESSAGE_LENGTH = _("An identity number has exactly 11 digits.")
MESSAGE_CHECKSUM = _("The identity number is not valid: the check digits do not match.")
MESSAGE_DATE = _("The identity number is not valid: it does not contain a valid birth date.")
MESSAGE_FUTURE = _("The identity number is not valid: the birth date is in the future.")


class IdentityKind(enum.StrEnum):
    BIRTH_NUMBER = "fnr"
    D_NUMBER = "dnr"
    H_NUMBER = "hnr"  # month +40: also Dolly's synthetic numbers
    SYNTHETIC = "synthetic"  # month +80: Tenor's synthetic numbers


@dataclass(frozen=True)
class IdentityNumber:
    number: str
    kind: IdentityKind
    is_d_number: bool
    birth_date: datetime.date


def compact(value: str) -> str:
    return "".join(value.split()).replace("-", "")


def _checksums_valid(digits: str) -> bool:
    first = sum(w * int(d) for w, d in zip(FIRST_WEIGHTS, digits[:10], strict=True)) % 11
    second = sum(w * int(d) for w, d in zip(SECOND_WEIGHTS, digits, strict=True)) % 11
    # stdnum knows the classic rule (first remainder 0); the 2032 scheme allows 0–3.
    return second == 0 and first in FIRST_CHECK_REMAINDERS_2032


def _century(year: int, individual: int) -> int | None:
    if individual < 500:
        return 1900
    if individual < 750 and year >= 54:
        return 1800
    if individual < 1000 and year < 40:
        return 2000
    if individual >= 900 and year >= 40:
        return 1900
    return None


def parse_identity_number(value: str, *, today: datetime.date | None = None) -> IdentityNumber:
    """Return what the number tells, or raise ValidationError with a Norwegian message."""
    digits = compact(value)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        raise ValidationError(MESSAGE_LENGTH, code="identity_length")
    if not _checksums_valid(digits):
        raise ValidationError(MESSAGE_CHECKSUM, code="identity_checksum")

    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    is_d_number = day > 40
    if is_d_number:
        day -= 40
    if month > 80:
        kind, month = IdentityKind.SYNTHETIC, month - 80
    elif month > 40:
        kind, month = IdentityKind.H_NUMBER, month - 40
    else:
        kind = IdentityKind.D_NUMBER if is_d_number else IdentityKind.BIRTH_NUMBER

    century = _century(year, int(digits[6:9]))
    if century is None:
        raise ValidationError(MESSAGE_DATE, code="identity_date")
    try:
        birth_date = datetime.date(century + year, month, day)
    except ValueError:
        raise ValidationError(MESSAGE_DATE, code="identity_date") from None
    if birth_date > (today or timezone.localdate()):
        raise ValidationError(MESSAGE_FUTURE, code="identity_future")
    return IdentityNumber(digits, kind, is_d_number, birth_date)


def uses_classic_check_digits(value: str) -> bool:
    """True for numbers issued before 2032, which python-stdnum also accepts."""
    try:
        fodselsnummer.validate(compact(value))
    except StdnumValidationError:
        return False
    return True


def validate_identity_number(value: str) -> None:
    """Django field validator."""
    parse_identity_number(value)


def mask(value: str) -> str:
    """Show the birth date part only: identity numbers never go on screen in full
    unless asked for, and never into URLs, logs or emails."""
    digits = compact(value)
    return f"{digits[:6]} *****" if len(digits) == 11 else "*****"
