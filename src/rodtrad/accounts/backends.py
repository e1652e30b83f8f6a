"""Logging in with username and password (Django's ModelBackend); the logged-in
employee is read back on every request with one plain query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connection

from rodtrad.accounts.models import User

_FIELDS = [field.attname for field in User._meta.concrete_fields]
_COLUMNS = ", ".join(connection.ops.quote_name(name) for name in _FIELDS)
_USER_SQL = f"SELECT {_COLUMNS} FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608 - model names


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
        user = User.from_db(connection.alias, _FIELDS, row)
        return user if self.user_can_authenticate(user) else None
