"""{% translate "a text" %} without the lazy text around it.

Django's tag makes a lazy translation of the literal, then renders it through
the localisation and escaping checks every variable goes through: ~6.5 µs a
tag, and a page has dozens (the case page some forty). For a quoted text with
no option, the result is the text's gettext (safe, as a template literal is):
~1.5 µs. Anything else (a variable, a filter, context, noop, as) is Django's
own node. Load it after i18n, {% load i18n rodtrad_i18n %}: makemessages finds
the texts as before.
"""

from __future__ import annotations

from django import template
from django.template.base import Node, Parser, Token
from django.template.context import Context
from django.templatetags.i18n import do_translate
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


class TextNode(Node):
    """A quoted text, translated when rendered (in the language active then)."""

    def __init__(self, text: str) -> None:
        # Template texts have their percent signs doubled for gettext (as
        # makemessages writes them) and restored after, as Django's node does.
        self.msgid = SafeString(text.replace("%", "%%"))

    def render(self, context: Context) -> SafeString:
        return SafeString(gettext(self.msgid).replace("%%", "%"))


@register.tag("translate")
@register.tag("trans")
def translate(parser: Parser, token: Token) -> Node:
    node = do_translate(parser, token)
    expression = node.filter_expression
    literal = getattr(expression.var, "literal", None)
    if (
        len(token.split_contents()) == 2
        and expression.token[:1] in ("'", '"')
        and not expression.filters
        and isinstance(literal, str)
    ):
        return TextNode(literal)
    return node
