"""The unread count in the main menu (notifications.unread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from rodtrad.notifications.unread import unread_count

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()


@register.simple_tag
def unread_notifications(user: User | AnonymousUser) -> int:
    return unread_count(user)
