"""rodtrad_i18n's {% translate %} renders what Django's does, faster for plain texts."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils import translation

from rodtrad.core.templatetags.rodtrad_i18n import TextNode

# Texts with a bokmål translation, a percent sign, quotes and markup, and the
# forms the fast tag leaves to Django (a variable, filters, context, noop, as).
TAGS = [
    '{% translate "Write down" %}',
    "{% translate 'Write down' %}",
    '{% trans "Next steps" %}',
    '{% translate "The child\'s own words" %}',
    '{% translate "Not in any catalogue, 100% <b>&amp;</b> %s %(x)s" %}',
    '{% translate "Write down" noop %}',
    '{% translate "Write down" context "verb" %}',
    '{% translate "Write down" as label %}[{{ label }}]',
    '{% translate "Write down"|upper %}',
    "{% translate text %}",
    '<a title="{% translate "Write down" %}">',
    '{% autoescape off %}{% translate "Write down" %}{% endautoescape %}',
]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("tag", TAGS)
def test_it_renders_what_djangos_tag_renders(tag: str, language: str) -> None:
    django_template = engines["django"].from_string("{% load i18n %}" + tag)
    ours = engines["django"].from_string("{% load i18n rodtrad_i18n %}" + tag)
    context = {"text": "Next steps <i>"}
    with translation.override(language):
        assert ours.render(context) == django_template.render(context)


def test_plain_texts_get_the_fast_node_and_the_rest_djangos() -> None:
    def nodes(tag: str) -> list[type]:
        template = engines["django"].from_string("{% load i18n rodtrad_i18n %}" + tag)
        return [type(node) for node in template.template.nodelist]  # type: ignore[attr-defined]

    assert TextNode in nodes(TAGS[0]) and TextNode in nodes(TAGS[4])
    for tag in TAGS[5:10]:
        assert TextNode not in nodes(tag), tag


def test_a_plain_text_is_translated_in_the_language_active_when_rendered() -> None:
    template = engines["django"].from_string(
        '{% load i18n rodtrad_i18n %}{% translate "Next steps" %}'
    )
    with translation.override("en"):
        english = template.render({})
    with translation.override("nb"):
        bokmal = template.render({})
    assert english == "Next steps" and bokmal != english
