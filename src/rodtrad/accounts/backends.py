"""Logging in with username and password (Django's ModelBackend); the logged-in
employee is read back on every request with one plain query, which brings along
what every page asks next: their seats (policy.seats) and the number of unread
notifications for the main menu, both as they were when the request began. Once
this process knows whose a session is, that row comes with the session's own
statement (accounts.sessions), and the request makes one round trip fewer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connection

from rodtrad.accounts.models import User
from rodtrad.notifications import unread
from rodtrad.policy.seats import keep as keep_seats
from rodtrad.policy.seats import seats_subquery

if TYPE_CHECKING:
    from rodtrad.accounts.sessions import SessionStore

_FIELDS = [field.attname for field in User._meta.concrete_fields]

# The user's row as get_user() reads it, for the user `account` (accounts_user).
USER_COLUMNS = ", ".join(
    [
        *(f"account.{connection.ops.quote_name(name)}" for name in _FIELDS),
        f"({unread.UNREAD_OF.format(user='account.id')})",
        f"({seats_subquery('account.id')})",
    ]
)
_USER_SQL = f"SELECT {USER_COLUMNS} FROM {User._meta.db_table} account WHERE account.id = %s"  # noqa: S608 - model names

# The session whose statement may have brought the user's row along: set while
# accounts.middleware reads the request's user, and only then.
_session_being_read: ContextVar[SessionStore | None] = ContextVar(
    "session_being_read", default=None
)


@contextmanager
def reading_user_of(session: SessionStore) -> Iterator[None]:
    token = _session_being_read.set(session)
    try:
        yield
    finally:
        _session_being_read.reset(token)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        session = _session_being_read.get()
        row = session.user_row(pk) if session is not None else None
        if row is None:
            with connection.cursor() as cursor:
                cursor.execute(_USER_SQL, [pk])
                row = cursor.fetchone()
        if row is None:
            return None
        *values, unread_notifications, seat_rows = row
        user = User.from_db(connection.alias, _FIELDS, values)
        if not self.user_can_authenticate(user):
            return None
        keep_seats(user, seat_rows)
        unread.keep(user, unread_notifications)
        return user
