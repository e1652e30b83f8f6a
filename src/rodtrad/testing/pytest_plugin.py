"""Gives the test run a database before pytest-django loads the settings."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from rodtrad.database import ensure_database_url


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: Any, parser: Any, args: Any) -> Generator[None]:
    # A wrapper runs before every plain implementation, pytest-django's included.
    ensure_database_url()
    return (yield)
