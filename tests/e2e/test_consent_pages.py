"""In a real browser: register and withdraw a consent, read the access log,
break the glass – every page checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from rodtrad.consent.models import Consent
from rodtrad.organisation.models import Role
from tests.conftest import make_user
from tests.e2e.conftest import assert_accessible, log_in
from tests.policy import conftest as policy_world
from tests.policy.conftest import World

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

world = policy_world.world


def test_it_registers_and_withdraws_a_consent_and_shows_the_access_log(
    page: Page, world: World
) -> None:
    log_in(page, world.holder)
    page.goto(f"/barn/{world.child.pk}/samtykke/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtykker for Emil Hansen")
    expect(page.get_by_text("Det er ikke registrert noe samtykke for barnet ennå.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Registrer samtykke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer samtykke for Emil Hansen")
    assert_accessible(page)

    # Sent without choices: every problem is listed, and nothing is saved.
    page.get_by_role("button", name="Registrer").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Velg minst én enhet eller type enhet.")
    expect(summary).to_contain_text("Velg hvilke opplysninger som kan deles.")
    expect(summary).to_be_focused()
    assert_accessible(page)
    assert not Consent.objects.exists()

    page.get_by_label("PPT Melhus").check()
    page.get_by_label("Observasjoner og planer").check()
    for name in ("Svar fra Maria Hansen (mor)", "Svar fra Jon Hansen (far)"):
        page.get_by_role("group", name=name).get_by_label("Ja, samtykker").check()
    page.get_by_label("På papir, skannet inn").check()
    page.get_by_role("button", name="Registrer").click()

    expect(page.get_by_text("Samtykket er registrert og gjelder.")).to_be_visible()
    card = page.locator("article").filter(has_text="Samarbeid i en stafettlogg")
    expect(card.get_by_text("I kraft", exact=True)).to_be_visible()
    expect(card).to_contain_text("Disse tjenestene kan delta og dele opplysninger")
    assert_accessible(page)

    # With htmx the withdrawal form opens in the card, and the answer replaces it.
    card.get_by_role("link", name=re.compile("Trekk tilbake")).click()
    form = page.locator("article").filter(has_text="Hvem trakk tilbake samtykket?")
    expect(form).to_contain_text("Tilbaketrekkingen gjelder med en gang")
    assert page.url.endswith("/samtykke/")
    assert_accessible(page)
    form.get_by_label("Jon Hansen (far)").check()
    form.get_by_label("Hvorfor (hvis de sa det)").fill("Ønsker ikke PPT inne nå")
    form.get_by_role("button", name="Trekk tilbake samtykket").click()

    card = page.locator("article").filter(has_text="Samarbeid i en stafettlogg")
    expect(card.get_by_text("Trukket tilbake", exact=True)).to_be_visible()
    expect(card).to_contain_text("Trukket tilbake")
    expect(card).to_contain_text("av Jon Hansen (far)")
    assert_accessible(page)
    assert Consent.objects.get().withdrawn_at is not None

    page.get_by_role(
        "link", name="Se hvem som har åpnet barnets opplysninger (tilgangslogg)"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgangslogg for Emil Hansen")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Registrerte et samtykke")
    expect(table).to_contain_text("Registrerte at et samtykke ble trukket tilbake")
    expect(table).to_contain_text("Så på tilgangsloggen")
    expect(table).to_contain_text("Kari Testesen")
    assert_accessible(page)


def test_it_breaks_the_glass_and_the_leader_sees_it(page: Page, world: World) -> None:
    leader = make_user("leder", world.child_welfare, Role.LEADER)
    log_in(page, world.child_welfare_worker)
    page.goto("/nodtilgang/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nødtilgang")
    assert_accessible(page)

    page.get_by_label("Barnets fødselsnummer").fill(world.child.identity_number or "")
    page.get_by_label("Hvorfor trenger du tilgang nå?").fill("Kort")
    page.get_by_role("button", name="Ta i bruk nødtilgang").click()
    expect(page.get_by_role("alert")).to_contain_text("med minst 20 tegn")
    assert_accessible(page)

    page.get_by_label("Hvorfor trenger du tilgang nå?").fill(
        "Barnet er hentet av politiet i natt, trenger oversikt over tiltak."
    )
    page.get_by_role("button", name="Ta i bruk nødtilgang").click()
    expect(
        page.get_by_text(re.compile(r"Du har nødtilgang til \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d"))
    ).to_be_visible()
    assert (world.child.identity_number or "-") not in page.url
    assert_accessible(page)

    page.get_by_role("link", name="hvorfor du har tilgang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvorfor har jeg tilgang?")
    expect(page.get_by_text("Du har nødtilgang med skriftlig begrunnelse")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Logg ut").click()
    log_in(page, leader)
    page.get_by_role("link", name=re.compile("Varsler")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsler")
    assert_accessible(page)
    page.get_by_role("link", name="Nødtilgang ble brukt i enheten din").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bruk av nødtilgang")
    expect(page.locator("main")).to_contain_text("Barnet er hentet av politiet i natt")
    assert_accessible(page)
