"""A long timeline in a real browser: the newest page first, "show more" by
keyboard moves focus to the first new entry, the count is announced, every
entry is reached, and it all works without JavaScript too. axe on each state."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from rodtrad.cases.models import Case, Entry, EntryKind
from rodtrad.cases.views import TIMELINE_PAGE_SIZE as PAGE
from tests.cases.conftest import Story, make_story
from tests.e2e.conftest import assert_accessible, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(transactional_db: None) -> Story:
    return make_story()


@pytest.fixture
def case(story: Story) -> Case:
    """Emil's relay log with 121 entries: the concern, then notes and bright spots in turn."""
    case = story.open_case()
    Entry.objects.bulk_create(
        Entry(
            case=case,
            kind=EntryKind.NOTE if n % 2 else EntryKind.BRIGHT_SPOT,
            author=story.kari,
            author_unit=story.kindergarten,
            text=f"Notat {n}",
            categories=[] if n % 2 else ["well_being"],
        )
        for n in range(120)
    )
    return case


def more(count: int) -> str:
    """The name of the "show more" link (bokmål has a singular)."""
    return "Vis 1 til (eldre)" if count == 1 else f"Vis {count} flere (eldre)"


def test_show_more_appends_older_entries_and_moves_focus_to_the_first(
    page: Page, story: Story, case: Case
) -> None:
    log_in(page, story.kari)
    page.goto(f"/saker/{case.pk}/tidslinje/")
    cards = page.locator("#timeline-entries > li")
    status = page.get_by_role("status")
    expect(cards).to_have_count(PAGE)
    expect(status).to_have_text(f"Viser oppføring 1–{PAGE} av 121, nyeste først.")
    expect(cards.first).to_contain_text("Notat 119")
    assert_accessible(page)

    link = page.get_by_role("link", name=more(PAGE))
    link.focus()
    page.keyboard.press("Enter")
    expect(cards).to_have_count(2 * PAGE)
    expect(cards.nth(PAGE).get_by_role("heading")).to_be_focused()
    expect(cards.nth(PAGE)).to_contain_text(f"Notat {119 - PAGE}")
    expect(status).to_have_text(f"Viser oppføring 1–{2 * PAGE} av 121, nyeste først.")
    assert page.url.endswith(f"/saker/{case.pk}/tidslinje/")
    assert_accessible(page)

    shown = 2 * PAGE
    while shown < 121:
        page.get_by_role("link", name=more(min(PAGE, 121 - shown))).click()
        expect(cards).to_have_count(min(shown + PAGE, 121))
        expect(cards.nth(shown).get_by_role("heading")).to_be_focused()
        shown += PAGE
    expect(cards.last).to_contain_text("Emil virker tilbaketrukket")
    expect(page.get_by_text("Her begynner stafettloggen.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"\(eldre\)"))).to_have_count(0)
    expect(status).to_have_text("Viser oppføring 1–121 av 121, nyeste først.")
    assert_accessible(page)

    # The filter starts again from the newest, and its count is announced too.
    page.locator(".rt-filter").get_by_label("Lysglimt").check()
    expect(status).to_have_text(f"Viser oppføring 1–{PAGE} av 60, nyeste først.")
    expect(cards).to_have_count(PAGE)
    expect(page.locator("#timeline-entries article[data-kind='note']")).to_have_count(0)
    assert_accessible(page)


def test_without_javascript_the_links_go_page_by_page(
    browser: Browser, live_server: object, story: Story, case: Case
) -> None:
    context = browser.new_context(
        base_url=str(live_server.url),  # type: ignore[attr-defined]
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, story.kari)
        page.goto(f"/saker/{case.pk}/tidslinje/")
        page.get_by_role("link", name=more(PAGE)).click()
        assert page.url.endswith("?side=2")
        cards = page.locator("#timeline-entries > li")
        expect(cards).to_have_count(PAGE)
        expect(cards.first).to_contain_text(f"Notat {119 - PAGE}")
        expect(page.get_by_role("status")).to_have_text(
            f"Viser oppføring {PAGE + 1}–{2 * PAGE} av 121, nyeste først."
        )
        last = -(-121 // PAGE)
        page.goto(f"/saker/{case.pk}/tidslinje/?side={last - 1}")
        page.get_by_role("link", name=more(121 - (last - 1) * PAGE)).click()
        assert page.url.endswith(f"?side={last}")
        expect(cards).to_have_count(121 - (last - 1) * PAGE)
        expect(cards.last).to_contain_text("Emil virker tilbaketrukket")
        page.get_by_role("link", name="Nyere oppføringer").click()
        assert page.url.endswith(f"?side={last - 1}")
    finally:
        context.close()
