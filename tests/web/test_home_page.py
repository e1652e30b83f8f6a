"""Mine saker's own part, made in Python (web/home_page.py): the template's
markup and texts, every name from the database escaped."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils import translation

from rodtrad.organisation.models import Role
from rodtrad.policy.seats import Seat
from rodtrad.web import home_page

NO_LISTS = dict.fromkeys(("handovers", "awaiting_decision", "overdue", "due", "held", "others"), "")


def seat(unit: str, municipality: str) -> Seat:
    return Seat(
        unit_id=1,
        role=Role.EMPLOYEE,
        unit_kind="kindergarten",
        municipality_id=1,
        serves=(),
        on_team=False,
        unit_name=unit,
        municipality_name=municipality,
    )


def test_the_units_names_are_escaped(rf: RequestFactory) -> None:
    with translation.override("nb"):
        html = home_page.body(rf.get("/"), NO_LISTS, [seat("<b>Solsikka</b>", "Melhus & co")])

    assert "&lt;b&gt;Solsikka&lt;/b&gt; (Melhus &amp; co) – ansatt" in html
    assert "<b>" not in html


def test_empty_lists_leave_out_their_sections_and_say_so(rf: RequestFactory) -> None:
    with translation.override("nb"):
        html = home_page.body(rf.get("/"), NO_LISTS, [])

    assert "<section" in html  # the baton holder's section is always there
    assert html.count("<section") == 1
    assert "Du har ingen saker ennå." in html
    assert "Du er ikke medlem av noen enhet. Spør administratoren din." in html


def test_a_list_gets_its_section_with_its_heading(rf: RequestFactory) -> None:
    lists = NO_LISTS | {"handovers": '<li><a class="ds-link" href="/saker/1/">Emil</a></li>'}
    with translation.override("en"):
        html = home_page.body(rf.get("/"), lists, [])

    assert '<h2 class="ds-heading" data-size="sm" id="handovers-heading">' in html
    assert "Handovers waiting for you" in html and 'href="/saker/1/">Emil</a>' in html
