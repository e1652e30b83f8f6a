"""Telling people something happened. No personal data: a title and a link."""

from __future__ import annotations

from collections.abc import Iterable

from django_stubs_ext import StrOrPromise

from rodtrad.accounts.models import User
from rodtrad.notifications.models import Notification


def do_notify(recipients: Iterable[User], *, kind: str, title: StrOrPromise, link: str = "") -> int:
    rows = [
        Notification(recipient=user, kind=kind, title=str(title), link=link) for user in recipients
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)
