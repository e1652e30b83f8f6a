"""Template helpers; every access question is answered by rodtrad.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from rodtrad import policy
from rodtrad.core.links import link
from rodtrad.web.layout import parts as layout_parts

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()

# Where {% layout "top" %} leaves the other two parts for the same page.
_LAYOUT = "rodtrad.web.layout"


@register.filter
def can_manage_registers(user: User | AnonymousUser) -> bool:
    return policy.can_manage_registers(user)


@register.simple_tag(name="link")
def link_tag(name: str, *args: int | str) -> str:
    """{% url %} for the links every page has, reversed once per process (core.links)."""
    return link(name, *args)


@register.simple_tag(takes_context=True)
def layout(context: Context, part: str) -> SafeString:
    """{% layout "top" %}, "middle", "bottom": the layout around the page, in three
    parts around its title and content blocks (web/base.html, rodtrad.web.layout).
    The first puts the page's layout together; the others give what it left."""
    if part == "top":
        top, middle, bottom = layout_parts(context)
        context.render_context[_LAYOUT] = {"middle": middle, "bottom": bottom}
        return top
    rest: dict[str, SafeString] = context.render_context[_LAYOUT]
    return rest[part]
