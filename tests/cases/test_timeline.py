"""The timeline page: newest first, a page at a time, every entry within reach
(next page without JavaScript, "show more" with htmx), a fixed number of
queries whatever the number of entries, and the PDF with all of them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import linebreaks
from psycopg import _queries as psycopg_queries

from rodtrad.cases import actions, cards, queries, views
from rodtrad.cases.models import Case, Entry, EntryKind, Evaluation, Handover, Measure
from rodtrad.consent.actions import do_register_consent
from rodtrad.consent.models import Decision, InformationCategory, Method, Purpose
from rodtrad.consent.rules import Answer
from rodtrad.organisation.models import UnitKind
from rodtrad.people.models import Child, Enrolment, Guardianship
from tests.cases.conftest import Story

TODAY = timezone.localdate()
PAGE = views.TIMELINE_PAGE_SIZE
HTMX_MORE = {"HX-Request": "true", "HX-Target": "timeline-entries"}
HTMX_FILTER = {"HX-Request": "true", "HX-Target": "timeline"}


def url(case: Case, query: str = "") -> str:
    return f"/saker/{case.pk}/tidslinje/" + (f"?{query}" if query else "")


def card_ids(html: str) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'<article class="ds-card rt-entry"[^>]* id="entry-(\d+)"', html)
    ]


@dataclass
class Records:
    measure: Measure
    evaluation: Evaluation
    handover: Handover


def every_kind(story: Story, case: Case) -> Records:
    """One entry of each kind that points to another record, through the do_ functions."""
    actions.do_ask_leader(case.pk, actor=story.kari, text="Kan du se på dette?")
    actions.do_record_leader_decision(
        case.pk, actor=story.berit, decision="measures", decided_by_id=story.berit.pk
    )
    actions.do_add_entry(
        case.pk,
        actor=story.kari,
        kind=EntryKind.CONVERSATION,
        conversation_with="child_and_guardians",
        child_words="Jeg vil leke med Ali.",
        guardians_view="Morgenene er travle.",
        text="Emil trenger frokost.",
    )
    actions.do_change_level(case.pk, actor=story.kari, level=1, reason="Tiltak", version=None)
    measure = actions.do_add_measure(
        case.pk,
        actor=story.kari,
        goal="Emil spiser frokost hver dag",
        responsible_id=story.kari.pk,
        responsible_unit_id=story.kindergarten.pk,
        starts_on=TODAY,
        evaluate_on=TODAY + datetime.timedelta(weeks=6),
    )
    evaluation = actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=measure.pk,
        held_on=TODAY,
        participants="Emil, mor, Kari",
        child_view="Bedre",
        result=2,
        decision="level_up",
    )
    do_register_consent(
        case.child_id,
        actor=story.kari,
        purpose=Purpose.COLLABORATION,
        answers=[Answer(story.mother.pk, Decision.GIVEN), Answer(story.father.pk, Decision.GIVEN)],
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        method=Method.PAPER,
        unit_kinds=[UnitKind.PPT],
    )
    actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.ppt.pk)
    handover = actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    actions.do_withdraw_handover(case.pk, handover.pk, actor=story.kari)
    return Records(measure, evaluation, handover)


def mixed(story: Story, case: Case, records: Records, count: int) -> None:
    """`count` more entries cycling through every kind, so any eight in a row hold them all."""
    kinds: list[dict[str, Any]] = [
        {"kind": EntryKind.NOTE, "text": "Notat"},
        {"kind": EntryKind.BRIGHT_SPOT, "text": "Lo", "categories": ["well_being"]},
        {"kind": EntryKind.MEASURE, "measure": records.measure},
        {"kind": EntryKind.EVALUATION, "evaluation": records.evaluation},
        {"kind": EntryKind.HANDOVER, "handover": records.handover, "handover_status": "offered"},
        {
            "kind": EntryKind.LEADER_DECISION,
            "leader_decision": "measures",
            "decided_by": story.berit,
        },
        {"kind": EntryKind.UNIT_JOINED, "unit": story.ppt},
        {"kind": EntryKind.LEVEL_CHANGE, "level_from": 1, "level_to": 2, "text": "Opp"},
    ]
    Entry.objects.bulk_create(
        Entry(case=case, author=story.kari, author_unit=story.kindergarten, **kinds[n % len(kinds)])
        for n in range(count)
    )


def second_case(story: Story) -> Case:
    """A relay log for Emil's sister, so a second case can be filled."""
    sister = Child.objects.create(
        municipality=story.melhus,
        given_name="Ella",
        family_name="Hansen",
        birth_date=story.child.birth_date,
    )
    Enrolment.objects.create(
        municipality=story.melhus, child=sister, unit=story.kindergarten, starts_on=TODAY
    )
    for guardianship in story.child.guardianships.all():
        Guardianship.objects.create(
            child=sister, guardian=guardianship.guardian, relation=guardianship.relation
        )
    return actions.do_open_case(
        actor=story.kari, child_id=sister.pk, unit_id=story.kindergarten.pk, concern="Stille"
    )


def notes(story: Story, case: Case, count: int) -> None:
    """Quick bulk entries, written in order (the do_ function is tested elsewhere).
    Even numbers are bright spots, odd ones notes."""
    Entry.objects.bulk_create(
        Entry(
            case=case,
            kind=EntryKind.NOTE if n % 2 else EntryKind.BRIGHT_SPOT,
            author=story.kari,
            author_unit=story.kindergarten,
            occurred_on=TODAY,
            text=f"Notat {n}",
            categories=[] if n % 2 else ["well_being"],
        )
        for n in range(count)
    )


def test_it_shows_the_newest_entries_first_a_page_at_a_time(story: Story, case: Case) -> None:
    notes(story, case, 120)
    client = story.client(story.kari)

    html = client.get(url(case)).content.decode()

    ids = card_ids(html)
    newest = list(
        Entry.objects.filter(case=case).order_by("-created_at", "-id").values_list("pk", flat=True)
    )
    assert ids == newest[:PAGE]
    assert "<p>Notat 119</p>" in html and f"<p>Notat {120 - PAGE}</p>" in html
    assert f"<p>Notat {119 - PAGE}</p>" not in html
    assert 'id="timeline-status" role="status"' in html
    assert f"Viser oppføring 1–{PAGE} av 121, nyeste først." in html
    more = re.search(r'<a class="ds-button"[^>]*href="([^"]+)"[^>]*hx-get="([^"]+)"', html)
    assert more is not None
    assert more.group(1) == more.group(2) == url(case, "side=2")
    assert f"Vis {PAGE} flere (eldre)" in html


def test_the_next_page_without_javascript_shows_older_entries_and_a_way_back(
    story: Story, case: Case
) -> None:
    notes(story, case, 120)
    client = story.client(story.kari)

    last = -(-121 // PAGE)
    html = client.get(url(case, f"side={last}")).content.decode()

    assert len(card_ids(html)) == 121 - (last - 1) * PAGE
    assert f"Viser oppføring {(last - 1) * PAGE + 1}–121 av 121, nyeste først." in html
    assert "Nyere oppføringer" in html and f'href="{url(case, f"side={last - 1}")}"' in html
    assert "flere (eldre)" not in html and f"side={last + 1}" not in html
    assert "Her begynner stafettloggen." in html


def test_every_entry_is_reachable_page_by_page(story: Story, case: Case) -> None:
    mixed(story, case, every_kind(story, case), 30)
    notes(story, case, 130)
    client = story.client(story.kari)

    seen: list[int] = []
    for number in range(1, -(-Entry.objects.filter(case=case).count() // PAGE) + 1):
        seen += card_ids(client.get(url(case, f"side={number}")).content.decode())

    assert sorted(seen) == sorted(Entry.objects.filter(case=case).values_list("pk", flat=True))
    assert len(seen) == len(set(seen))


def test_show_more_with_htmx_appends_the_next_page_and_moves_focus(
    story: Story, case: Case
) -> None:
    notes(story, case, 120)
    client = story.client(story.kari)

    fragment = client.get(url(case, "side=2"), headers=HTMX_MORE).content.decode()

    assert "<html" not in fragment and "<ol" not in fragment
    assert fragment.lstrip().startswith("<li>")
    assert len(card_ids(fragment)) == PAGE
    first = re.search(r"<h3[^>]*>", fragment)
    assert first is not None and "autofocus" in first.group(0) and 'tabindex="-1"' in first.group(0)
    assert fragment.count("autofocus") == 1
    # The links and the count are swapped out of band; the count now covers both pages.
    assert 'id="timeline-pages"' in fragment and 'hx-swap-oob="true"' in fragment
    assert '<p id="timeline-status" hx-swap-oob="innerHTML">' in fragment
    assert f"Viser oppføring 1–{2 * PAGE} av 121, nyeste først." in fragment
    assert f'hx-get="{url(case, "side=3")}"' in fragment
    assert f"Vis {min(PAGE, 121 - 2 * PAGE)} flere (eldre)" in fragment
    assert "Nyere oppføringer" not in fragment


def test_the_filter_resets_to_the_first_page_and_the_links_keep_the_kinds(
    story: Story, case: Case
) -> None:
    notes(story, case, 120)
    client = story.client(story.kari)

    fragment = client.get(
        url(case, "kind=bright_spot&side=1"), headers=HTMX_FILTER
    ).content.decode()

    assert fragment.lstrip().startswith('<div id="timeline">')
    assert len(card_ids(fragment)) == PAGE
    # The bright spots are the even notes, newest first.
    oldest_shown = 120 - 2 * PAGE
    assert "<p>Notat 118</p>" in fragment and f"<p>Notat {oldest_shown}</p>" in fragment
    assert "<p>Notat 119</p>" not in fragment and f"<p>Notat {oldest_shown - 2}</p>" not in fragment
    assert f"Viser oppføring 1–{PAGE} av 60, nyeste først." in fragment
    assert 'hx-get="' + url(case, "kind=bright_spot&amp;side=2") + '"' in fragment


def test_a_short_timeline_has_no_links_to_more(story: Story, case: Case) -> None:
    html = story.client(story.kari).get(url(case)).content.decode()

    assert len(card_ids(html)) == 1
    assert "1 oppføring, nyeste først." in html
    assert "side=2" not in html


@pytest.mark.parametrize("side", ["0", "9999", "x", "-1"])
def test_a_page_out_of_range_shows_a_page_that_exists(story: Story, case: Case, side: str) -> None:
    notes(story, case, 60)
    response = story.client(story.kari).get(url(case, f"side={side}"))

    assert response.status_code == 200
    assert card_ids(response.content.decode())


def count_queries(client: Any, path: str, **kwargs: Any) -> int:
    client.get(path, **kwargs)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **kwargs).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("", {}),
        ("side=2", HTMX_MORE),
        ("kind=note&kind=handover&kind=measure&kind=evaluation", HTMX_FILTER),
    ],
)
def test_the_number_of_queries_is_the_same_for_5_and_50_entries(
    story: Story, case: Case, path: str, headers: dict[str, str]
) -> None:
    client = story.client(story.kari)
    mixed(story, case, every_kind(story, case), 5)
    big = second_case(story)
    mixed(story, big, every_kind(story, big), 2 * PAGE + 10)

    small_count = count_queries(client, url(case, path), headers=headers)
    big_count = count_queries(client, url(big, path), headers=headers)

    assert big_count == small_count


def test_the_overview_shows_the_latest_five_with_a_fixed_number_of_queries(
    story: Story, case: Case
) -> None:
    client = story.client(story.kari)
    mixed(story, case, every_kind(story, case), 8)
    big = second_case(story)
    mixed(story, big, every_kind(story, big), 8 * 7)
    notes(story, big, 6)

    small_count = count_queries(client, f"/saker/{case.pk}/")
    big_count = count_queries(client, f"/saker/{big.pk}/")

    assert big_count <= small_count
    html = client.get(f"/saker/{big.pk}/").content.decode()
    assert len(card_ids(html)) == 5
    assert "<p>Notat 5</p>" in html and "<p>Notat 0</p>" not in html


@pytest.mark.parametrize(
    "text",
    ["Hentet tidlig.", "<b>Emil</b> & 'Ola'", "a\nb", "a\r\nb\r\n\r\nc", "a\rb", "a\n\n\nb<", ""],
)
def test_a_cards_text_is_what_the_linebreaks_filter_made_of_it(text: str) -> None:
    assert cards._paragraphs(text) == linebreaks(text, autoescape=True)


@pytest.mark.parametrize("statement", ["panels", "timeline", "timeline of kinds"])
def test_psycopg_keeps_its_conversion_of_the_pages_statements(statement: str) -> None:
    """Past psycopg's limit (core.apps.STATEMENT_CACHE_LIMIT) it parses a
    statement's placeholders again on every execution (~0.1 ms for the case page's)."""
    sql = {
        "panels": queries._PANELS_SQL,
        "timeline": queries._TIMELINE_PAGE_SQL[""],
        "timeline of kinds": queries._TIMELINE_PAGE_SQL[queries._OF_KINDS],
    }[statement]
    assert len(sql.encode()) <= psycopg_queries.MAX_CACHED_STATEMENT_LENGTH


def test_the_pdf_has_every_entry(story: Story, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    printed: list[str] = []

    class Capture:
        def __init__(self, *, string: str, base_url: str) -> None:
            printed.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7 captured"

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    mixed(story, case, every_kind(story, case), 30)
    notes(story, case, 2 * PAGE + 10)

    response = story.client(story.kari).get(f"/saker/{case.pk}/pdf/")

    assert response.status_code == 200
    assert printed[0].count('<div class="entry ') == Entry.objects.filter(case=case).count()
    assert "<p>Notat 0</p>" in printed[0] and f"<p>Notat {2 * PAGE + 9}</p>" in printed[0]
