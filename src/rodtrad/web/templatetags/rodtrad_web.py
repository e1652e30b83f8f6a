"""Template helpers; every access question is answered by rodtrad.policy."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django import template
from django.urls import reverse

from rodtrad import policy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()


@register.filter
def can_manage_registers(user: User | AnonymousUser) -> bool:
    return policy.can_manage_registers(user)


@register.simple_tag
def link(name: str) -> str:
    """The address of a page without arguments, as {% url %} gives it, worked out
    once per process: the menu and footer of every page have a dozen."""
    return _reverse_once(name)


@functools.cache
def _reverse_once(name: str) -> str:
    return reverse(name)
