"""Story S1 in a real browser, up to the referral (which belongs to the team work).

Kari, kindergarten teacher in Solsikken, worries about Emil (4): withdrawn,
often hungry. She finds him and opens a level-0 relay log from his page,
writes what she saw, asks her leader Berit (who records her decision in her
own browser), talks with Emil and his mother, writes a bright spot, moves to
level 1 with a measure evaluated six weeks ahead, evaluates it (not enough:
level 2), registers both guardians' consent for the health station, PPT and
the family service, and the three join. axe-core checks every page on the way
(WCAG 2.1 AA).
"""

from __future__ import annotations

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from rodtrad.cases.models import Case, Entry, EntryKind, Level
from rodtrad.consent.models import Consent
from tests.cases.conftest import Story, make_story
from tests.e2e.conftest import assert_accessible, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONCERN = "Emil virker tilbaketrukket i samlingen og er ofte sulten når han kommer om morgenen."
CHILD_WORDS = "Jeg spiste ikke frokost. Mamma sov."
MOTHER_VIEW = "Mor sier morgenene er travle etter at hun begynte å jobbe turnus."
ASSESSMENT = "Emil trenger faste måltider i barnehagen og en voksen som ser ham om morgenen."
GOAL = "Emil spiser frokost i barnehagen og leker med andre barn hver dag."


@pytest.fixture
def story(transactional_db: None) -> Story:
    return make_story()


def second_page(browser: Browser, base_url: str) -> Page:
    """Another person's browser: its own cookies and session."""
    context = browser.new_context(base_url=base_url, locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(10_000)
    return context.new_page()


def heading(page: Page, text: str | re.Pattern[str]) -> None:
    """The page has arrived (its h1), and axe finds it clean."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def saved(page: Page, message: str) -> None:
    expect(page.get_by_text(message)).to_be_visible()
    assert_accessible(page)


def test_story_s1_from_a_gut_feeling_to_level_2_with_consent(
    page: Page, browser: Browser, live_server: object, story: Story
) -> None:
    base_url = str(live_server.url)  # type: ignore[attr-defined]
    today = timezone.localdate()
    emil = f"Emil Hansen ({story.child.birth_date:%d.%m.%Y})"

    # -- Kari finds Emil and opens a level-0 relay log from his page ---------------------
    log_in(page, story.kari)
    heading(page, "Mine saker")
    expect(page.get_by_role("link", name="Ny stafettlogg")).to_have_attribute("href", "/saker/ny/")
    page.get_by_role("link", name="Finn et barn").click()
    page.get_by_label("Navn eller fødselsnummer").fill("Emil")
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name="Emil Hansen").click()
    heading(page, "Emil Hansen")
    page.get_by_role("link", name="Opprett en ny stafettlogg").click()
    heading(page, "Ny stafettlogg")
    expect(page.get_by_label("Barn", exact=True)).to_have_value(str(story.child.pk))
    expect(page.get_by_label("Barn", exact=True).locator("option:checked")).to_have_text(emil)
    expect(page.get_by_label("Din enhet")).to_have_value(str(story.kindergarten.pk))

    # Sent without the concern: the error is shown, accessibly, and nothing is saved.
    page.get_by_role("button", name="Opprett stafettloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    assert not Case.objects.exists()

    page.get_by_label("Hva undrer du deg over eller er bekymret for?").fill(CONCERN)
    page.get_by_label("Trivsel").check()
    page.get_by_label("Omsorg").check()
    page.get_by_role("button", name="Opprett stafettloggen").click()
    heading(page, "Stafettlogg for Emil Hansen")
    saved(page, "Stafettloggen er opprettet. Du er stafettholder.")
    case = Case.objects.get(child=story.child)
    assert case.level == Level.WONDER and case.holder == story.kari
    expect(page.locator(".rt-tags").first).to_contain_text("Nivå 0")

    # -- What she saw: an observation with categories -------------------------------------
    page.get_by_role("link", name="Observasjon", exact=True).click()
    heading(page, "Skriv ned en observasjon")
    page.get_by_label("Hva så eller hørte du?").fill(
        "Emil satt alene ved lunsjen og spiste tre skiver. Han sa han var sulten."
    )
    page.get_by_label("Helse").check()
    page.get_by_label("Trivsel").check()
    page.get_by_role("button", name="Lagre").click()
    saved(page, "Lagret i tidslinjen.")

    # -- She asks her leader ----------------------------------------------------------------
    page.get_by_role("link", name="Spør lederen din").click()
    heading(page, "Spør lederen din")
    page.get_by_label("Hva vil du at lederen din skal se på?").fill(
        "Bør vi sette i gang tiltak i barnehagen?"
    )
    page.get_by_role("button", name="Spør lederen").click()
    saved(page, "Lederen din er bedt om å se på stafettloggen.")

    # -- Berit, in her own browser, records the leader's decision --------------------------
    berit = second_page(browser, base_url)
    try:
        log_in(berit, story.berit)
        heading(berit, "Mine saker")
        waiting = berit.get_by_role("region", name="Venter på din beslutning")
        waiting.get_by_role("link", name="Emil Hansen").click()
        heading(berit, "Stafettlogg for Emil Hansen")
        berit.get_by_role("link", name="Skriv ned lederens beslutning").click()
        heading(berit, "Skriv ned lederens beslutning")
        berit.get_by_label("Sette i gang tiltak i egen tjeneste (nivå 1)").check()
        expect(berit.get_by_label("Besluttet av")).to_have_value(str(story.berit.pk))
        berit.get_by_label("Begrunnelse og neste steg").fill(
            "Snakk med mor først. Lag en plan for frokost i barnehagen."
        )
        berit.get_by_role("button", name="Skriv ned beslutningen").click()
        saved(berit, "Lederens beslutning er skrevet ned.")
    finally:
        berit.context.close()
    decision = Entry.objects.get(case=case, kind=EntryKind.LEADER_DECISION)
    assert decision.decided_by == story.berit and decision.leader_decision == "measures"

    # -- The conversation: Emil's own words, his mother's view, Kari's assessment -----------
    page.reload()
    expect(page.get_by_text("Venter på lederens beslutning")).to_have_count(0)
    page.get_by_role("link", name="Samtale", exact=True).click()
    heading(page, "Skriv ned en samtale")
    page.get_by_label("Barnet og foresatte").check()
    page.get_by_label("Barnets egne ord").fill(CHILD_WORDS)
    page.get_by_label("Foresattes syn").fill(MOTHER_VIEW)
    page.get_by_label("Din egen vurdering").fill(ASSESSMENT)
    page.get_by_role("button", name="Lagre").click()
    saved(page, "Lagret i tidslinjen.")
    conversation = Entry.objects.get(case=case, kind=EntryKind.CONVERSATION)
    assert (conversation.child_words, conversation.guardians_view, conversation.text) == (
        CHILD_WORDS,
        MOTHER_VIEW,
        ASSESSMENT,
    )

    # -- A bright spot, as prominent as the worries ------------------------------------------
    page.get_by_role("link", name="Lysglimt", exact=True).click()
    heading(page, "Skriv ned et lysglimt")
    page.get_by_label("Hva gikk bra?").fill("Emil lo høyt og bygde hytte sammen med Ali.")
    page.get_by_label("Trivsel").check()
    page.get_by_role("button", name="Lagre").click()
    saved(page, "Lagret i tidslinjen.")
    balance = page.locator(".rt-balance")
    expect(balance).to_contain_text("1 lysglimt")
    expect(balance).to_contain_text("2 bekymringer og observasjoner")

    # -- Level 1, with a reason ----------------------------------------------------------------
    page.get_by_role("link", name="Endre nivå").click()
    heading(page, "Endre nivå")
    page.get_by_label("Nivå 1: tiltak i egen tjeneste").check()
    page.get_by_label("Begrunnelse").fill("Lederen besluttet tiltak i barnehagen. Mor er enig.")
    page.get_by_role("button", name="Endre nivå").click()
    saved(page, "Nivået er endret.")
    expect(page.locator(".rt-tags").first).to_contain_text("Nivå 1")

    # -- A measure with a goal, a responsible person and an evaluation in six weeks ---------
    page.get_by_role("link", name="Nytt tiltak").click()
    heading(page, "Nytt tiltak")
    six_weeks = today + datetime.timedelta(weeks=6)
    expect(page.get_by_label("Evalueringsdato")).to_have_value(six_weeks.isoformat())
    expect(page.get_by_label("Ansvarlig person og enhet")).to_contain_text("Kari Testesen")
    page.get_by_label("Mål", exact=True).fill(GOAL)
    page.get_by_label("Hva vi gjør").fill("Frokost ved ankomst; Kari tar imot Emil hver morgen.")
    page.get_by_role("button", name="Legg til tiltaket").click()
    saved(page, "Tiltaket er lagt til i handlingsplanen.")
    plan = page.get_by_role("table", name="Tiltak i handlingsplanen")
    expect(plan).to_contain_text(GOAL)
    expect(plan).to_contain_text(f"{six_weeks:%d.%m.%Y}")
    expect(plan).to_contain_text("Kari Testesen, Solsikken barnehage")

    # -- The evaluation: not enough, move up to level 2 ----------------------------------------
    plan.get_by_role("link", name=re.compile(r"^Evaluer")).click()
    heading(page, "Evaluer")
    expect(page.get_by_label("Hva evalueres")).to_contain_text(GOAL[:40])
    page.get_by_label("Hvem deltok").fill("Emil, mor, Kari (barnehagen)")
    page.get_by_label("Barnet deltok").check()
    page.get_by_label("Foresatte deltok").check()
    page.get_by_label("Barnets syn").fill("Jeg liker frokosten her, men er lei meg hjemme.")
    page.get_by_label("Ingen endring").check()
    page.get_by_label("Vurdering").fill(
        "Frokosten hjelper, men Emil er fortsatt stille og lei seg."
    )
    page.get_by_label("Gå opp et nivå").check()
    page.get_by_role("button", name="Lagre evalueringen").click()
    saved(page, "Evalueringen er lagret.")
    case.refresh_from_db()
    assert case.level == Level.SIMPLE_COLLABORATION
    expect(page.locator(".rt-tags").first).to_contain_text("Nivå 2")

    # -- Both guardians consent: the health station, PPT and the family service ------------
    page.get_by_role("link", name="Barnets samtykker").click()
    heading(page, "Samtykker for Emil Hansen")
    page.get_by_role("link", name="Registrer samtykke").click()
    heading(page, "Registrer samtykke for Emil Hansen")
    for unit in ("Melhus helsestasjon", "PPT Melhus", "Familiesenteret"):
        page.get_by_label(unit, exact=True).check()
    page.get_by_label("Observasjoner og planer").check()
    for name in ("Svar fra Maria Hansen (mor)", "Svar fra Jon Hansen (far)"):
        page.get_by_role("group", name=name).get_by_label("Ja, samtykker").check()
    page.get_by_label("På papir, skannet inn").check()
    page.get_by_role("button", name="Registrer").click()
    heading(page, "Samtykker for Emil Hansen")
    consent = Consent.objects.get(child=story.child)
    assert consent.complete and consent.is_in_force()

    # -- The three services join the relay log -------------------------------------------------
    page.get_by_role("link", name="Mine saker").first.click()
    page.get_by_role("link", name="Emil Hansen").first.click()
    heading(page, "Stafettlogg for Emil Hansen")
    for unit in ("Melhus helsestasjon", "PPT Melhus", "Familiesenteret"):
        page.get_by_role("link", name="Legg til en enhet").click()
        heading(page, "Legg til en enhet")
        page.get_by_label("Enhet", exact=True).select_option(label=unit)
        page.get_by_role("button", name="Legg til enheten").click()
        saved(page, "Enheten er med i stafettloggen.")
    units = page.get_by_role("heading", name="Enheter som er med").locator("+ ul")
    for unit in ("Solsikken barnehage", "Melhus helsestasjon", "PPT Melhus", "Familiesenteret"):
        expect(units).to_contain_text(unit)
    assert set(case.units.values_list("kind", flat=True)) == {
        "kindergarten",
        "health_station",
        "ppt",
        "family_service",
    }

    # -- The whole timeline, newest first, and filtered to the bright spots --------------------
    page.get_by_role("link", name="Se hele tidslinjen").click()
    heading(page, "Stafettlogg for Emil Hansen")
    expect(
        page.get_by_role("navigation", name="Stafettlogg").get_by_role("link", name="Tidslinje")
    ).to_have_attribute("aria-current", "page")
    cards = page.locator("#timeline-entries > li")
    total = Entry.objects.filter(case=case).count()
    expect(cards).to_have_count(total)
    expect(page.get_by_role("status")).to_have_text(f"{total} oppføringer, nyeste først.")
    expect(cards.first).to_contain_text("Familiesenteret")
    expect(cards.last).to_contain_text(CONCERN)
    talk = page.locator("article[data-kind='conversation']")
    expect(talk.locator("blockquote").nth(0)).to_contain_text(f"Barnets egne ord: «{CHILD_WORDS}»")
    expect(talk.locator("blockquote").nth(1)).to_contain_text(f"Foresattes syn: {MOTHER_VIEW}")
    expect(talk.locator("blockquote")).to_have_count(2)  # the assessment is not a quote
    expect(talk).to_contain_text("Den ansattes vurdering")
    expect(talk).to_contain_text(ASSESSMENT)
    assert_accessible(page)

    page.locator(".rt-filter").get_by_label("Lysglimt").check()
    expect(cards).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("1 oppføring, nyeste først.")
    expect(cards.first).to_contain_text("bygde hytte sammen med Ali")
    assert "kind=bright_spot" in page.url
    assert_accessible(page)

    # The print has everything, and is a PDF.
    pdf = page.request.get(f"/saker/{case.pk}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
