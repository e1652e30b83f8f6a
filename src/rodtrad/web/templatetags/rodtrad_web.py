"""Template helpers; every access question is answered by rodtrad.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from rodtrad import policy
from rodtrad.core.links import link

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()


@register.filter
def can_manage_registers(user: User | AnonymousUser) -> bool:
    return policy.can_manage_registers(user)


@register.simple_tag(name="link")
def link_tag(name: str, *args: int | str) -> str:
    """{% url %} for the links every page has, reversed once per process (core.links)."""
    return link(name, *args)
