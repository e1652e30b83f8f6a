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


def pytest_configure(config: pytest.Config) -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(_allow_audit_truncate, dispatch_uid="rodtrad_allow_audit_truncate")


def _allow_audit_truncate(sender: object, connection: Any, **kwargs: object) -> None:
    # Browser tests (transaction=True) empty every table with TRUNCATE after
    # each test; the audit log refuses that unless this session says so.
    with connection.cursor() as cursor:
        cursor.execute("SET rodtrad.allow_audit_truncate = 'on'")
