"""Logging in with username and password (Django's ModelBackend); the logged-in
employee is read back on every request with one plain query, which brings along
what every page asks next: their seats (policy.seats) and the number of unread
notifications for the main menu, both as they were when the request began."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connection

from rodtrad.accounts.models import User
from rodtrad.notifications import unread
from rodtrad.policy.seats import keep as keep_seats
from rodtrad.policy.seats import seats_subquery

_FIELDS = [field.attname for field in User._meta.concrete_fields]
_COLUMNS = ", ".join(f"account.{connection.ops.quote_name(name)}" for name in _FIELDS)
_USER_SQL = f"""
SELECT {_COLUMNS},
       ({unread.UNREAD_OF.format(user="account.id")}),
       ({seats_subquery("account.id")})
FROM {User._meta.db_table} account WHERE account.id = %s"""  # noqa: S608 - model names


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
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
