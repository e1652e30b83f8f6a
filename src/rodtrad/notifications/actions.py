"""Telling people something happened. No personal data: a title and a link."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from rodtrad.accounts.models import User
from rodtrad.notifications.models import Notification
from rodtrad.notifications.unread import forget


def do_notify(recipients: Iterable[User], *, kind: str, title: StrOrPromise, link: str = "") -> int:
    rows = [
        Notification(recipient=user, kind=kind, title=str(title), link=link) for user in recipients
    ]
    Notification.objects.bulk_create(rows)
    for row in rows:
        forget(row.recipient)
    return len(rows)


def notifications_for(user: User) -> QuerySet[Notification]:
    """A user sees their own notifications, and nobody else's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def do_mark_read(user: User, notification_id: int | None = None) -> int:
    """Marks one of the user's notifications read (or all, without an id);
    returns how many changed. Someone else's id changes nothing."""
    unread = notifications_for(user).filter(read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    forget(user)
    return unread.update(read_at=timezone.now())
