"""Identity numbers never reach a log line."""

from __future__ import annotations

import logging

import pytest

from rodtrad.redaction import RedactIdentityNumbers


def test_it_removes_identity_numbers_from_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("rodtrad.test")
    logger.addFilter(RedactIdentityNumbers())
    with caplog.at_level(logging.INFO, logger="rodtrad.test"):
        logger.info("Oppslag på %s og 151086 95088 feilet", "15108695088")
    assert "95088" not in caplog.text
    assert caplog.text.count("[fnr fjernet]") == 2


def test_it_keeps_other_numbers(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("rodtrad.test2")
    logger.addFilter(RedactIdentityNumbers())
    with caplog.at_level(logging.INFO, logger="rodtrad.test2"):
        logger.info("Sak 1234 med 12 tiltak, telefon 12345678")
    assert "12345678" in caplog.text
