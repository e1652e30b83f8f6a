"""Markdown to safe HTML, for text administrators write (the action guide).

markdown-it-py parses CommonMark with raw HTML switched off; nh3 (the Ammonia
sanitiser) then keeps only an allow-list of tags, attributes and link schemes,
so neither a script nor a `javascript:` link reaches a page, whatever is typed.
Headings move one level down (a page's own title is its only h1) and get
Designsystemet's classes, so the text looks like the rest of the site.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable("table")
_parser.enable("strikethrough")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
DESIGN_CLASSES = {
    "p": {"class": "ds-paragraph"},
    "a": {"class": "ds-link"},
    "ul": {"class": "ds-list"},
    "ol": {"class": "ds-list"},
    "table": {"class": "ds-table"},
    "h2": {"class": "ds-heading", "data-size": "sm"},
    "h3": {"class": "ds-heading", "data-size": "xs"},
    "h4": {"class": "ds-heading", "data-size": "2xs"},
    "h5": {"class": "ds-heading", "data-size": "2xs"},
    "h6": {"class": "ds-heading", "data-size": "2xs"},
}


def _demote_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = int(token.tag[1:])
            token.tag = f"h{min(level + 1, 6)}"


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=DESIGN_CLASSES,
        filter_style_properties={"text-align"},
    )


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """Markdown as sanitised HTML, safe to put on a page as it is."""
    tokens = _parser.parse(text or "")
    _demote_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return mark_safe(_clean(html))  # noqa: S308 - sanitised by nh3 just above


@lru_cache(maxsize=4096)
def render_inline(text: str) -> SafeString:
    """One line of Markdown (a checklist item) as sanitised inline HTML."""
    html = _parser.renderInline(text or "")
    return mark_safe(_clean(html))  # noqa: S308 - sanitised by nh3 just above
