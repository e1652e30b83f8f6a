"""Sessions in the database, read with one plain query: every page reads one, and
Django's ORM took longer to build that query than PostgreSQL took to answer it.

Once this process has seen whose a session is, the same statement brings that
employee's row too (accounts.backends reads the user from it): one round trip a
request instead of two. The row is used only when the session, checked as
Django checks it, names that employee. A session's data is checked and read once
per process, until it changes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.utils import timezone

from rodtrad.accounts.backends import USER_COLUMNS

_SESSION_SQL = f"""
SELECT s.session_data, account.id, {USER_COLUMNS}
FROM django_session s LEFT JOIN accounts_user account ON account.id = %s
WHERE s.session_key = %s AND s.expire_date > %s"""  # noqa: S608 - no input in the text

# Whose each session was when this process last read or wrote it (session key ->
# user id). A guess only: a wrong one costs the second query, as without it.
_user_of_session: dict[str, int] = {}
_REMEMBERED_SESSIONS = 10_000

# Sessions' data as decode() read it, by the signed text in the database; only of
# values no one can change in place (a login's: the user's id, backend and hash).
_decoded: dict[bytes | str, dict[str, Any]] = {}
_PLAIN = (str, int, float, bool, type(None))


class SessionStore(DatabaseSessionStore):
    _user_id: int | None = None
    _user_row: tuple[Any, ...] | None = None

    def load(self) -> dict[str, Any]:
        key = str(self.session_key)
        guess = _user_of_session.get(key)
        with connection.cursor() as cursor:
            cursor.execute(_SESSION_SQL, [guess, key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            # As Django's: an unknown or expired key is forgotten, a new one is made on save.
            _user_of_session.pop(key, None)
            self._session_key = None
            return {}
        data, *user = row
        if user[0] is not None:  # the guessed employee's id: NULL without a guess, or if gone
            self._user_id, self._user_row = guess, tuple(user[1:])
        session = self.decode(data)
        self._remember_whose(session)
        return session

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        """As Django's, once per process for each session's data: checking its signature
        and reading it cost ~50 µs a request. Only sessions of plain values are kept,
        and each request gets its own copy."""
        known = _decoded.get(session_data)
        if known is not None:
            return dict(known)
        session: dict[str, Any] = super().decode(session_data)
        if session and all(isinstance(value, _PLAIN) for value in session.values()):
            if len(_decoded) >= _REMEMBERED_SESSIONS:
                _decoded.clear()
            _decoded[session_data] = dict(session)
        return session

    def save(self, must_create: bool = False) -> None:
        super().save(must_create)
        # Right after logging in, so the first page already takes one round trip.
        self._remember_whose(getattr(self, "_session_cache", {}))

    def delete(self, session_key: str | None = None) -> None:
        _user_of_session.pop(str(session_key or self.session_key), None)
        super().delete(session_key)

    def _remember_whose(self, session: dict[str, Any]) -> None:
        user_id = session.get(SESSION_KEY)
        if user_id is None or self.session_key is None:
            return
        if len(_user_of_session) >= _REMEMBERED_SESSIONS:
            _user_of_session.clear()
        _user_of_session[self.session_key] = int(user_id)

    def user_row(self, user_id: int) -> tuple[Any, ...] | None:
        """The employee's row as accounts.backends reads it, if it came with the session."""
        return self._user_row if user_id == self._user_id else None
