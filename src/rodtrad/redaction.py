"""Log filter that keeps identity numbers out of every log line."""

from __future__ import annotations

import logging
import re

# Eleven digits, possibly split 6+5 by a space: a fødselsnummer or D number.
IDENTITY_NUMBER_PATTERN = re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)")
REPLACEMENT = "[fnr fjernet]"


def redact(text: str) -> str:
    return IDENTITY_NUMBER_PATTERN.sub(REPLACEMENT, text)


class RedactIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True
