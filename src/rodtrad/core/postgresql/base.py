"""Django's PostgreSQL backend, except how a kept connection is checked before a
request uses it, and how timestamps are read.

Django checks with ``SELECT 1``: one round trip on every request, about a tenth
of a case page's CPU (BENCHMARKS.md). A connection the server has ended (a
restart, ``pg_terminate_backend``, an idle timeout) has already been told so: the
server sends its reason and closes the socket. So an idle connection whose socket
has something to read is given up and a new one is made; one with nothing to
read is used. Anything the server sends unasked to an idle connection is read as
the end, which at worst costs a needless reconnect.

Django reads every ``timestamptz`` with a loader of its own, written in Python on
psycopg's Python loader, only to attach its connection's time zone; psycopg's
compiled loader costs a twentieth (0.3 µs a value, not 6.6). Django keeps every
connection in UTC (USE_TZ), and then psycopg's compiled loader gives the same
datetimes, in ``datetime.UTC``: those connections use it. A connection in
another zone keeps Django's.
"""

from __future__ import annotations

import datetime
import select
from typing import Any

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from django.db.backends.postgresql.base import ServerSideCursor  # type: ignore[attr-defined]
from django.utils.asyncio import async_unsafe
from psycopg import adapters
from psycopg.pq import Format, TransactionStatus

from rodtrad.core.postgresql.creation import DatabaseCreation

_TIMESTAMPTZ = adapters.types["timestamptz"].oid
# psycopg's own loader: the compiled one when psycopg[binary] is installed.
_PSYCOPG_TIMESTAMPTZ_LOADER = adapters.get_loader(_TIMESTAMPTZ, Format.TEXT)


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    creation_class = DatabaseCreation

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if self._reads_utc():
            connection.adapters.register_loader(_TIMESTAMPTZ, _PSYCOPG_TIMESTAMPTZ_LOADER)
        return connection

    @async_unsafe
    def create_cursor(self, name: str | None = None) -> Any:
        if not self._reads_utc():
            return super().create_cursor(name)
        # As Django's, without its comparison of the connection's loader's zone
        # (psycopg's loader has none to compare; this connection's is right).
        if name is None:
            return self.connection.cursor()
        hold = self.connection.autocommit
        if self.settings_dict["OPTIONS"].get("server_side_binding") is not True:
            return ServerSideCursor(self.connection, name=name, scrollable=False, withhold=hold)
        return self.connection.cursor(name, scrollable=False, withhold=hold)

    def _reads_utc(self) -> bool:
        # psycopg gives datetime.UTC for a connection whose TimeZone is UTC,
        # and Django sets the connection's TimeZone to its own (init_connection_state).
        return self.timezone is datetime.UTC and self.timezone_name == "UTC"

    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            # Inside a transaction, or broken: only asking tells.
            return bool(super().is_usable())
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError):
            return False
