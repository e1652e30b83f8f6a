"""Story S5 in a real browser: from kindergarten to school.

Emil starts school. Kari (Solsikken kindergarten) offers the baton to Tone,
his teacher at Gimse school. Until Tone accepts, Kari holds the baton and is
responsible, and Tone sees only the offer, not the relay log. When she accepts
she holds the baton. Tone may also decline, with a reason, and then nothing
changes for Kari. axe-core checks every page on the way (WCAG 2.1 AA).
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from rodtrad.cases import actions
from rodtrad.cases.models import Case, Handover, HandoverStatus
from rodtrad.consent.actions import do_register_consent
from rodtrad.consent.models import Decision, InformationCategory, Method, Purpose
from rodtrad.consent.rules import Answer
from rodtrad.organisation.models import UnitKind
from tests.cases.conftest import Story, make_story
from tests.e2e.conftest import assert_accessible, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONCERN = "Emil virker tilbaketrukket og er ofte sulten."
MESSAGE = "Emil trenger frokost og en fast voksen om morgenen. Mor vet om overleveringen."


@pytest.fixture
def story(transactional_db: None) -> Story:
    return make_story()


@pytest.fixture
def case(story: Story) -> Case:
    """Emil's relay log at level 1, and both guardians' consent to the handover to school."""
    case = story.open_case(CONCERN)
    actions.do_change_level(
        case.pk, actor=story.kari, level=1, reason="Tiltak i barnehagen", version=None
    )
    do_register_consent(
        story.child.pk,
        actor=story.kari,
        purpose=Purpose.TRANSITION,
        answers=[
            Answer(story.mother.pk, Decision.GIVEN),
            Answer(story.father.pk, Decision.GIVEN),
        ],
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        method=Method.PAPER,
        unit_kinds=[UnitKind.SCHOOL],
        case=case,
    )
    return case


def second_page(browser: Browser, base_url: str) -> Page:
    """Another person's browser: its own cookies and session."""
    context = browser.new_context(base_url=base_url, locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(10_000)
    return context.new_page()


def heading(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def facts(page: Page) -> str:
    """The baton holder as the case header says it."""
    return page.locator(".rt-case-header .rt-facts").inner_text()


def offer_to_tone(page: Page, story: Story, case: Case) -> None:
    log_in(page, story.kari)
    page.get_by_role("link", name="Emil Hansen").first.click()
    heading(page, "Stafettlogg for Emil Hansen")
    page.get_by_role("link", name="Overlever stafetten").click()
    heading(page, "Overlever stafetten")
    page.get_by_label("Ny stafettholder", exact=True).select_option(
        label="Tone Testesen – Gimse skole"
    )
    page.get_by_label("Melding til ny stafettholder").fill(MESSAGE)
    page.get_by_role("button", name="Tilby stafetten").click()
    expect(
        page.get_by_text("Stafetten er tilbudt. Du er ansvarlig til den er tatt imot.")
    ).to_be_visible()
    offered = page.get_by_text(re.compile("Stafettholderen er ansvarlig til den er tatt imot"))
    expect(offered).to_contain_text("Stafetten ble tilbudt Tone Testesen, Gimse skole")
    assert_accessible(page)


def test_story_s5_the_school_takes_over_only_when_the_teacher_accepts(
    page: Page, browser: Browser, live_server: object, story: Story, case: Case
) -> None:
    base_url = str(live_server.url)  # type: ignore[attr-defined]
    offer_to_tone(page, story, case)

    # The kindergarten still holds the baton, and Kari can still write.
    assert "Kari Testesen, Solsikken barnehage" in facts(page)
    case.refresh_from_db()
    assert case.holder == story.kari and case.holder_unit == story.kindergarten
    page.get_by_role("link", name="Se tilbudet").click()
    heading(page, "Overlevering av stafetten for Emil Hansen")
    expect(page.get_by_role("button", name="Trekk tilbake tilbudet")).to_be_visible()
    page.get_by_role("link", name="Tilbake til stafettloggen").click()
    page.get_by_role("link", name="Observasjon", exact=True).click()
    page.get_by_label("Hva så eller hørte du?").fill("Emil gledet seg til skolen.")
    page.get_by_label("Trivsel").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Lagret i tidslinjen.")).to_be_visible()

    tone = second_page(browser, base_url)
    try:
        # Tone finds the offer in Mine saker, and sees the offer only.
        log_in(tone, story.tone)
        heading(tone, "Mine saker")
        waiting = tone.get_by_role("region", name="Overleveringer som venter på deg")
        expect(waiting).to_contain_text("tilbudt av Kari Testesen, Solsikken barnehage")
        expect(tone.get_by_role("region", name="Du er stafettholder")).not_to_contain_text(
            "Emil Hansen"
        )
        waiting.get_by_role("link", name=re.compile("Emil Hansen")).click()
        heading(tone, "Overlevering av stafetten for Emil Hansen")
        main = tone.locator("main")
        expect(main).to_contain_text(MESSAGE)
        expect(main).to_contain_text("Kari Testesen er stafettholder og ansvarlig til du tar imot.")
        expect(main).not_to_contain_text(CONCERN)
        expect(main).not_to_contain_text("gledet seg til skolen")
        expect(tone.get_by_role("link", name="Tilbake til stafettloggen")).to_have_count(0)
        expect(tone.get_by_role("navigation", name="Stafettlogg")).to_have_count(0)
        for path in ("", "tidslinje/", "pdf/", "skriv/observasjon/"):
            response = tone.request.get(f"/saker/{case.pk}/{path}")
            assert response.status == 404, path

        # She accepts: now she holds the baton and reads the relay log.
        tone.get_by_role("button", name="Ta imot stafetten").click()
        heading(tone, "Stafettlogg for Emil Hansen")
        expect(tone.get_by_text("Du er stafettholder nå.")).to_be_visible()
        assert "Tone Testesen, Gimse skole" in facts(tone)
        expect(tone.get_by_role("link", name="Overlever stafetten")).to_be_visible()
        assert_accessible(tone)
        tone.get_by_role("link", name="Tidslinje", exact=True).click()
        expect(tone.locator("#timeline-entries")).to_contain_text(CONCERN)
        expect(tone.locator("#timeline-entries > li").first).to_contain_text(
            "Tone Testesen tok imot stafetten"
        )
        assert_accessible(tone)
        tone.get_by_role("link", name="Mine saker").first.click()
        expect(tone.get_by_role("region", name="Du er stafettholder")).to_contain_text(
            "Emil Hansen"
        )
        assert_accessible(tone)
    finally:
        tone.context.close()

    case.refresh_from_db()
    assert case.holder == story.tone and case.holder_unit == story.school
    assert Handover.objects.get(case=case).status == HandoverStatus.ACCEPTED

    # Kari no longer holds it.
    page.get_by_role("link", name="Mine saker").first.click()
    heading(page, "Mine saker")
    expect(page.get_by_role("region", name="Du er stafettholder")).not_to_contain_text(
        "Emil Hansen"
    )


def test_story_s5_the_teacher_declines_with_a_reason_and_kari_keeps_the_baton(
    page: Page, browser: Browser, live_server: object, story: Story, case: Case
) -> None:
    base_url = str(live_server.url)  # type: ignore[attr-defined]
    offer_to_tone(page, story, case)
    handover = Handover.objects.get(case=case)

    tone = second_page(browser, base_url)
    try:
        log_in(tone, story.tone)
        tone.goto(f"/saker/{case.pk}/overlevering/{handover.pk}/")
        heading(tone, "Overlevering av stafetten for Emil Hansen")

        # Without a reason: an accessible error, and nothing changes.
        tone.get_by_role("button", name="Avslå stafetten").click()
        expect(tone.get_by_role("alert")).to_be_visible()
        assert_accessible(tone)
        handover.refresh_from_db()
        assert handover.status == HandoverStatus.OFFERED

        tone.get_by_label("Hvorfor avslår du?").fill("Emil skal begynne på Høyskolen skole.")
        tone.get_by_role("button", name="Avslå stafetten").click()
        heading(tone, "Mine saker")
        expect(tone.get_by_text("Du avslo stafetten. Stafettholderen får beskjed.")).to_be_visible()
        expect(tone.get_by_role("region", name="Overleveringer som venter på deg")).to_have_count(0)
        assert tone.request.get(f"/saker/{case.pk}/").status == 404
    finally:
        tone.context.close()

    case.refresh_from_db()
    assert case.holder == story.kari
    page.reload()
    assert "Kari Testesen, Solsikken barnehage" in facts(page)
    expect(page.get_by_role("link", name="Se tilbudet")).to_have_count(0)
    page.get_by_role("link", name="Tidslinje", exact=True).click()
    newest = page.locator("#timeline-entries > li").first
    expect(newest).to_contain_text("Tone Testesen avslo stafetten")
    expect(newest).to_contain_text("Emil skal begynne på Høyskolen skole.")
    assert_accessible(page)
