"""A citizen with no login finds help for the parents of a 4-year-old in
three clicks or fewer, and every public page passes axe-core's WCAG 2.1 AA
rules, on a desktop and on a phone."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from rodtrad.catalogue.demo import load_catalogue_demo
from rodtrad.organisation.models import Municipality
from tests.e2e.conftest import assert_accessible

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 740}


@pytest.fixture
def catalogues(db: None) -> Municipality:
    """Two municipalities with the demo catalogue: the citizen must choose."""
    elvdal = Municipality.objects.create(number="9901", name="Elvdal")
    load_catalogue_demo(elvdal)
    load_catalogue_demo(Municipality.objects.create(number="9902", name="Fjellvik"))
    return elvdal


def test_it_finds_help_for_parents_of_a_four_year_old_in_three_clicks(
    page: Page, catalogues: Municipality
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/hjelp/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Finn hjelp for barn, unge og familier"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Elvdal").click()  # 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Finn hjelp i Elvdal")
    assert_accessible(page)

    page.get_by_role("link", name="3–5 år (barnehage)").click()  # 2
    expect(page.get_by_role("link", name="De utrolige årene – foreldregruppe")).to_be_visible()
    expect(page.get_by_role("link", name="Helsestasjon for ungdom")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="De utrolige årene – foreldregruppe").click()  # 3
    expect(page.get_by_role("heading", level=1)).to_have_text("De utrolige årene – foreldregruppe")
    main = page.locator("main")
    expect(main).to_contain_text("Foreldre og foresatte")
    expect(main).to_contain_text("3–8 år")
    expect(main).to_contain_text("Ta kontakt selv")
    assert_accessible(page)

    page.get_by_role("link", name="Tilbake til listen").click()
    expect(page.get_by_label("Barnets alder")).to_have_value("3-5")


def test_it_searches_and_filters_with_the_form(page: Page, catalogues: Municipality) -> None:
    page.goto("/hjelp/9901/")
    page.get_by_label("Søk", exact=True).fill("foreldreveiledning")
    page.get_by_label("Selektivt (gult): nyttig for noen").check()
    page.get_by_role("button", name="Vis tilbud").click()
    expect(
        page.get_by_role("link", name="PMTO – foreldreveiledning ved atferdsvansker")
    ).to_be_visible()
    expect(page.get_by_role("link", name="ICDP – foreldreveiledning i grupper")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/hjelp/9901/be-om-hjelp/",
        "/hjelp/9901/handlingsveileder/",
        "/hjelp/9901/handlingsveileder/del-bekymringen/",
        "/hjelp/9901/handlingsveileder/opplysningsplikt/",
        "/tilgjengelighet/",
        "/personvern/",
    ],
)
def test_it_has_accessible_public_pages(page: Page, catalogues: Municipality, path: str) -> None:
    for viewport in (PHONE, ViewportSize(width=1280, height=900)):
        page.set_viewport_size(viewport)
        response = page.goto(path)
        assert response is not None and response.status == 200
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        # Nothing wider than the screen: readable on a phone without scrolling sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_it_walks_the_steps_of_a_level(page: Page, catalogues: Municipality) -> None:
    page.goto("/hjelp/9901/handlingsveileder/")
    page.get_by_role("link", name="Undre deg").click()
    page.get_by_role("link", name="Neste steg: Gjør bekymringen konkret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjør bekymringen konkret")
    expect(page.get_by_role("heading", name="Sjekkliste")).to_be_visible()


def test_it_links_the_statements_from_every_page(page: Page, catalogues: Municipality) -> None:
    page.goto("/logg-inn/")
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    page.get_by_role("link", name="Personvernerklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personvernerklæring")
    page.get_by_role("link", name="Finn hjelp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Finn hjelp for barn, unge og familier"
    )
