"""The layout around every page (web/_layout.html, extended through web/base.html).

Django's template engine took ~0.5 ms a page to render it, a seventh of a page's
CPU. Most of it is the same for many people: it is rendered once per process
for each combination of what it shows (the language, whether someone is logged
in and has a csrf token, the menu's section, rights and unread count), with
markers in the slots where each request's own values go. A page then costs a
dictionary lookup and one pass that fills in its csrf token, the user's name
and the current path (escaped), and its messages (web/_messages.html).
The page's title and content come from its own template's blocks, between the
three parts, so nothing a page shows is ever searched for markers; pages made
in Python put their title and content between the parts themselves (`page`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from rodtrad import policy
from rodtrad.notifications.unread import unread_count
from rodtrad.reports.templatetags.reports_tags import is_child_welfare, uses_reports

if TYPE_CHECKING:
    from django.template.context import Context
    from django.urls import ResolverMatch

# Apps whose pages all belong to their item of the main menu.
_MENU_APPS = frozenset({"catalogue", "reports", "notifications", "teams"})
# Single pages with an item of their own.
_MENU_PAGES = {"home": "home", "people:search": "search"}


def _slot(name: str) -> str:
    # Private-use characters: no translation, name or path of the layout holds them.
    return f"\ue000{name}\ue000"


TITLE, CONTENT, CSRF, USER, PATH, MESSAGES = (
    _slot(name) for name in ("title", "content", "csrf", "user", "path", "messages")
)
_REQUEST_SLOTS = re.compile("\ue000(csrf|user|path|messages)\ue000")


@dataclass(frozen=True)
class Layout:
    top: str  # up to the page's title
    # Between the title and the content: its text split at the request's slots,
    # (text, slot name, text, ...), so that each is filled in once, in one pass:
    # a value that holds a marker (a crafted path) is never filled in again.
    middle: tuple[str, ...]
    bottom: str  # after the content


# By what a layout shows. Never expired (a deploy starts afresh): a few thousand
# at most (language x menu section x rights x unread count), emptied should there
# ever be more.
_layouts: dict[tuple[Any, ...], Layout] = {}
_AT_MOST = 5000


def menu_section(request: Any) -> str:
    """The item of the main menu the page is in (marked aria-current), or ""."""
    # An error page may come without the request.
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name in _MENU_APPS:
        return match.app_name
    return _MENU_PAGES.get(match.view_name, "")


def _layout(key: tuple[Any, ...], values: dict[str, Any]) -> Layout:
    layout = _layouts.get(key)
    if layout is None:
        html = get_template("web/_layout.html").render(values)
        top, rest = html.split(TITLE)
        middle, bottom = rest.split(CONTENT)
        layout = Layout(top, tuple(_REQUEST_SLOTS.split(middle)), bottom)
        if len(_layouts) >= _AT_MOST:
            _layouts.clear()
        _layouts[key] = layout
    return layout


def parts(context: Context) -> tuple[SafeString, SafeString, SafeString]:
    """The layout of the page being rendered, its request's values filled in."""
    # Django's csrf context processor gives "NOTPROVIDED" without its middleware.
    return _filled(
        context.get("request"),
        context.get("user"),
        str(context.get("csrf_token") or ""),
        context.get("messages"),
    )


def page(request: HttpRequest, title: str, content: str) -> HttpResponse:
    """A whole page around its own title and content (both HTML), as web/base.html
    would render it, without Django's template engine: the pages made in Python
    (a case, its timeline, a team, Mine saker) spent ~0.2 ms there on a template
    that only places the two."""
    top, middle, bottom = _filled(
        request, getattr(request, "user", None), get_token(request), get_messages(request)
    )
    return HttpResponse("".join((top, title, middle, content, bottom)))


def _filled(
    request: HttpRequest | None, user: Any, token: str, messages: Any
) -> tuple[SafeString, SafeString, SafeString]:
    logged_in = bool(user is not None and user.is_authenticated)
    real_token = token not in {"", "NOTPROVIDED"}
    language = get_language()
    values: dict[str, Any] = {
        "LANGUAGE_CODE": language,
        "LANGUAGES": settings.LANGUAGES,
        "user": user,
        "csrf_token": CSRF if real_token else token,
        "slots": {
            "title": TITLE,
            "content": CONTENT,
            "user": USER,
            "path": PATH,
            "messages": MESSAGES,
        },
    }
    key: tuple[Any, ...] = (language, values["csrf_token"], logged_in)
    if user is not None and logged_in:
        values["section"] = menu_section(request)
        values["unread"] = unread_count(user)
        key += (
            values["section"],
            values["unread"],
            uses_reports(user),
            is_child_welfare(user),
            policy.can_manage_registers(user),
        )
    layout = _layout(key, values)
    filled = {
        "csrf": token,
        "user": escape(str(user)) if logged_in else "",
        "path": escape(request.get_full_path()) if request is not None else "",
        "messages": (
            render_to_string("web/_messages.html", {"messages": messages}) if messages else ""
        ),
    }
    # re.split puts the slots' names at the odd places.
    middle = "".join(filled[part] if i % 2 else part for i, part in enumerate(layout.middle))
    return mark_safe(layout.top), mark_safe(middle), mark_safe(layout.bottom)  # noqa: S308
