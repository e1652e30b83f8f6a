"""Mine saker's own part, made in Python (web/home_page.py): the template's
markup and texts, every name from the database escaped."""

from __future__ import annotations

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


def test_the_units_names_are_escaped() -> None:
    with translation.override("nb"):
        html = home_page.body(NO_LISTS, [seat("<b>Solsikka</b>", "Melhus & co")])

    assert "&lt;b&gt;Solsikka&lt;/b&gt; (Melhus &amp; co) – ansatt" in html
    assert "<b>" not in html


def test_empty_lists_leave_out_their_sections_and_say_so() -> None:
    with translation.override("nb"):
        html = home_page.body(NO_LISTS, [])

    assert "<section" in html  # the baton holder's section is always there
    assert html.count("<section") == 1
    assert "Du har ingen saker ennå." in html
    assert "Du er ikke medlem av noen enhet. Spør administratoren din." in html


def test_a_list_gets_its_section_with_its_heading() -> None:
    lists = NO_LISTS | {"handovers": '<li><a class="ds-link" href="/saker/1/">Emil</a></li>'}
    with translation.override("en"):
        html = home_page.body(lists, [])

    assert '<h2 class="ds-heading" data-size="sm" id="handovers-heading">' in html
    assert "Handovers waiting for you" in html and 'href="/saker/1/">Emil</a>' in html


def test_a_sent_reports_child_and_service_are_escaped() -> None:
    import datetime

    from rodtrad.policy.reports import SentReportLine

    line = SentReportLine(
        pk=7,
        received_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC),
        child_name="<i>Emil</i> Hansen",
        acute=False,
        receiving_unit="Barnevern & familie",
        last_feedback_at=None,
        feedback_due_on=datetime.date(2026, 3, 24),
    )
    with translation.override("nb"):
        html = home_page.body(NO_LISTS, [], sent_reports=[line])

    assert 'href="/meldinger/7/">&lt;i&gt;Emil&lt;/i&gt; Hansen</a>' in html
    assert "<td>Barnevern &amp; familie</td>" in html
    # Received 23:30 UTC on 2 March: 3 March in Oslo, as the template showed it.
    assert "<td>03.03.2026</td>" in html
    assert "24.03.2026" in html
