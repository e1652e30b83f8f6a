"""The number of unread notifications the main menu shows, one per page. The
query that reads the logged-in user brings it along (accounts.backends); a user
read another way is counted here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

# For the user's row (accounts.backends): `{user}` is the user's id.
UNREAD_OF = (
    "SELECT count(*) FROM notifications_notification n"
    " WHERE n.recipient_id = {user} AND n.read_at IS NULL"
)


def keep(user: User, unread: int) -> None:
    user._unread_notifications = unread  # type: ignore[attr-defined]


def forget(user: User) -> None:
    """After the user's notifications changed in this request."""
    user.__dict__.pop("_unread_notifications", None)


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    kept: int | None = getattr(user, "_unread_notifications", None)
    if kept is None:
        # Plain SQL: the ORM took longer to build the count than to run it.
        with connection.cursor() as cursor:
            cursor.execute(UNREAD_OF.format(user="%s"), [user.pk])
            row = cursor.fetchone()
        kept = int(row[0]) if row else 0
        keep(user, kept)
    return kept
