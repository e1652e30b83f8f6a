"""Template helpers; every access question is answered by rodtrad.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context

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


# -- parts of the layout kept in each process ----------------------------------------------

# What {% kept %} rendered, by its name and the values it depends on. Never expired:
# a deploy starts afresh. A few thousand at most (the layout's: language x menu
# section x rights x unread count), and emptied should there ever be more.
_kept: dict[tuple[Any, ...], str] = {}
_KEPT_AT_MOST = 5000


class KeptNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, name: str, nodelist: NodeList, values: list[FilterExpression]) -> None:
        self.name = name
        self.nodelist = nodelist
        self.values = values

    def render(self, context: Context) -> str:
        key = (self.name, *(value.resolve(context) for value in self.values))
        html = _kept.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_kept) >= _KEPT_AT_MOST:
                _kept.clear()
            _kept[key] = html
        return html


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    """{% kept name value ... %}…{% endkept %}: the part is rendered once per process for
    each combination of the (hashable) values it depends on, and kept. As {% cache None
    name value ... %} through a local memory cache, whose lookup (the cache object of
    the thread, an md5 of the values, a lock, unpickling) cost ~30 µs a part."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1], nodelist, [parser.compile_filter(bit) for bit in bits[2:]])
