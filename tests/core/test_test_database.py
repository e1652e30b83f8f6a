"""The test run's databases are dropped even while a session still uses one."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from rodtrad.core.postgresql.creation import DatabaseCreation


@pytest.mark.django_db
def test_dropping_a_test_database_ends_the_sessions_still_connected() -> None:
    name = f"{connection.settings_dict['NAME']}_dropped"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    params = {**connection.get_connection_params(), "dbname": name}
    left_open = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})

    creation = connection.creation
    assert isinstance(creation, DatabaseCreation)
    creation._destroy_test_db(name, verbosity=0)

    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
        assert cursor.fetchone() == (0,)
    assert left_open.closed or left_open.broken or _is_ended(left_open)


def _is_ended(session: psycopg.Connection[object]) -> bool:
    try:
        session.execute("SELECT 1")
    except psycopg.OperationalError:
        return True
    return False
