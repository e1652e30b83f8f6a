"""Gives the test run a database before pytest-django loads the settings."""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

from rodtrad.database import ensure_database_url


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: Any, parser: Any, args: Any) -> Generator[None]:
    # A wrapper runs before every plain implementation, pytest-django's included.
    ensure_database_url()
    # Tests read static files through the finders; no collectstatic manifest.
    os.environ.setdefault("RODTRAD_MANIFEST_STATIC", "false")
    return (yield)
