"""Django's test database creation, except that dropping the test database
ends the sessions still connected to it (PostgreSQL 13's ``WITH (FORCE)``).

A browser test's server thread can still hold its connection when the test
run ends; Django's plain ``DROP DATABASE`` then fails with "is being accessed
by other users" and leaves the database behind."""

from __future__ import annotations

from django.db.backends.postgresql.creation import DatabaseCreation as PostgreSQLDatabaseCreation


class DatabaseCreation(PostgreSQLDatabaseCreation):
    def _destroy_test_db(self, test_database_name: str, verbosity: int) -> None:
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(
                f"DROP DATABASE {self.connection.ops.quote_name(test_database_name)} WITH (FORCE)"
            )
