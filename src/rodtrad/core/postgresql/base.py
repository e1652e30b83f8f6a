"""Django's PostgreSQL backend, except how a kept connection is checked before a
request uses it.

Django checks with ``SELECT 1``: one round trip on every request, about a tenth
of a case page's CPU (BENCHMARKS.md). A connection the server has ended (a
restart, ``pg_terminate_backend``, an idle timeout) has already been told so: the
server sends its reason and closes the socket. So an idle connection whose socket
has something to read is given up and a new one is made; one with nothing to
read is used. Anything the server sends unasked to an idle connection is read as
the end, which at worst costs a needless reconnect.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from psycopg.pq import TransactionStatus


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
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
