"""Template helpers; every access question is answered by rodtrad.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from rodtrad import policy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()


@register.filter
def can_manage_registers(user: User | AnonymousUser) -> bool:
    return policy.can_manage_registers(user)
