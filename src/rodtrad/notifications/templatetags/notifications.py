"""The unread count in the main menu: one query per page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from rodtrad.notifications.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()


@register.simple_tag
def unread_notifications(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
