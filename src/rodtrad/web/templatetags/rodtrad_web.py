"""Template helpers; every access question is answered by rodtrad.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from rodtrad import policy
from rodtrad.core.links import link

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from django.urls import ResolverMatch

    from rodtrad.accounts.models import User

register = template.Library()

# Apps whose pages all belong to their item of the main menu.
_MENU_APPS = frozenset({"catalogue", "reports", "notifications", "teams"})
# Single pages with an item of their own.
_MENU_PAGES = {"home": "home", "people:search": "search"}


@register.filter
def can_manage_registers(user: User | AnonymousUser) -> bool:
    return policy.can_manage_registers(user)


@register.simple_tag(name="link")
def link_tag(name: str, *args: int | str) -> str:
    """{% url %} for the links every page has, reversed once per process (core.links)."""
    return link(name, *args)


@register.simple_tag
def menu_section(request: HttpRequest) -> str:
    """The item of the main menu the page is in (marked aria-current), or "". The
    menu marks it from this alone, so the menu's cached fragment is keyed by the
    section rather than by every page (web/base.html)."""
    # An error page may come without the request.
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name in _MENU_APPS:
        return match.app_name
    return _MENU_PAGES.get(match.view_name, "")
