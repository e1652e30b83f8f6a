"""Mine saker's rows are built in Python: every value the family or an employee
typed must arrive escaped, exactly as Django's format_html_join would give it."""

from __future__ import annotations

import datetime

import pytest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from rodtrad.cases.mine_saker import CaseLine, HandoverLine
from rodtrad.web import home_rows

HOSTILE = [
    "<script>alert(1)</script>",
    'Ola "Bråk" O\'Neill & co',
    "{0} {} %(name)s",
    "Åse Ødegård",
    "",
]


@pytest.mark.parametrize("template", [home_rows._LINK_ITEM, home_rows._HELD_ROW])
def test_items_escape_like_format_html_join(template: str) -> None:
    width = template.count("{}")
    rows = [tuple(HOSTILE[(start + n) % len(HOSTILE)] for n in range(width)) for start in range(5)]

    built = home_rows._items(template, rows)

    assert isinstance(built, SafeString)
    assert built == format_html_join("\n", template, rows)


def test_names_in_other_cases_and_handovers_are_escaped() -> None:
    moment = datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)
    case = CaseLine(
        7, "<b>Emil</b>", 1, 3, "Kari & <i>Co</i>", 'Solsikken "barnehage"', moment, None, 4
    )
    offer = HandoverLine(9, 7, "<b>Emil</b>", "Per <Per>", "Skole & SFO", 4)

    others = home_rows.other_items([case])
    offers = home_rows.handover_items([offer])

    assert "<b>" not in others and "<i>" not in others and "<Per>" not in offers
    assert "&lt;b&gt;Emil&lt;/b&gt;" in others
    assert "Kari &amp; &lt;i&gt;Co&lt;/i&gt;" in others
    assert "Solsikken &quot;barnehage&quot;" in others
    assert 'href="/saker/7/"' in others
    assert 'href="/saker/7/overlevering/9/"' in offers
    assert "Per &lt;Per&gt;" in offers and "Skole &amp; SFO" in offers
