"""The embedded database starts only from a command, never from settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from rodtrad.database import _create_database_if_missing, ensure_database_url

SETUP_DJANGO = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rodtrad.settings'; django.setup()"
)


def test_it_keeps_a_configured_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.example/rodtrad")
    assert ensure_database_url() == "postgresql://someone@db.example/rodtrad"


def test_importing_settings_starts_no_database(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["RODTRAD_PGDATA"] = str(tmp_path / "pgdata")
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [
            sys.executable,
            "-c",
            SETUP_DJANGO,
        ],
        check=True,
        env=environment,
        timeout=60,
    )
    assert not (tmp_path / "pgdata").exists()


@pytest.mark.django_db
def test_it_creates_the_database_once() -> None:
    params = connection.get_connection_params()
    maintenance = psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if k in {"host", "port", "user", "password"}},
        dbname="postgres",
    )
    name = "rodtrad_creation_probe"
    try:
        _create_database_if_missing(maintenance, name)
        _create_database_if_missing(maintenance, name)  # a second time is a no-op
        with psycopg.connect(maintenance) as check:
            found = check.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        assert found == (1,)
    finally:
        with psycopg.connect(maintenance, autocommit=True) as cleanup:
            cleanup.execute(f"DROP DATABASE IF EXISTS {name}")


@pytest.mark.django_db
def test_the_apps_connections_keep_a_prepared_statements_plan() -> None:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
    assert connection.connection.prepare_threshold == 5


def test_an_unknown_plan_cache_mode_stops_the_start() -> None:
    environment = {**os.environ, "DATABASE_PLAN_CACHE_MODE": "fast; DROP TABLE x"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", SETUP_DJANGO],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_PLAN_CACHE_MODE must be one of" in result.stderr


@pytest.mark.django_db
def test_psycopg_keeps_its_conversion_of_a_long_hand_written_statement() -> None:
    """Our statements repeat on every page; past 4 kB psycopg would parse their
    placeholders again on every call ("Mine saker" holds 7.7 kB)."""
    from psycopg import _queries

    from rodtrad.core.apps import STATEMENT_CACHE_LIMIT

    padding = ", ".join(f"%(p{n})s::int" for n in range(2)) + " " * 6000
    statement = f"SELECT {padding}, 1"
    assert 4096 < len(statement) <= STATEMENT_CACHE_LIMIT
    with connection.cursor() as cursor:
        cursor.execute(statement, {"p0": 1, "p1": 2})
        before = _queries._query2pg.cache_info().hits
        cursor.execute(statement, {"p0": 3, "p1": 4})
        assert cursor.fetchone() == (3, 4, 1)
    assert _queries._query2pg.cache_info().hits == before + 1
