"""Sessions in the database, read with one plain query: every page reads one, and
Django's ORM took longer to build that query than PostgreSQL took to answer it."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.utils import timezone

_SESSION_SQL = (
    "SELECT session_data, expire_date FROM django_session"
    " WHERE session_key = %s AND expire_date > %s"
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(_SESSION_SQL, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            # As Django's: an unknown or expired key is forgotten, a new one is made on save.
            self._session_key = None
            return None
        data, expires = row
        return self.model(session_key=str(self.session_key), session_data=data, expire_date=expires)
