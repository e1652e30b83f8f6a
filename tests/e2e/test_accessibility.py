"""Every page that exists passes axe-core's WCAG 2.0/2.1 A and AA rules."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Unit
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship
from tests.e2e.conftest import assert_accessible, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REGISTERS = [
    "organisation/unit",
    "accounts/user",
    "people/child",
    "people/guardian",
    "people/family",
    "people/enrolment",
]


@pytest.fixture
def registers(child: Child, kindergarten: Unit) -> dict[str, int]:
    """One row in every register, so change lists have rows and forms have choices."""
    guardian = Guardian.objects.create(
        municipality=child.municipality, given_name="Nina", family_name="Hansen"
    )
    Guardianship.objects.create(child=child, guardian=guardian, relation="mother")
    family = Family.objects.create(municipality=child.municipality, name="Familien Hansen")
    family.children.add(child)
    family.adults.add(guardian)
    enrolment = Enrolment.objects.create(
        municipality=child.municipality, child=child, unit=kindergarten, starts_on="2022-08-15"
    )
    return {
        "people/child": child.pk,
        "people/guardian": guardian.pk,
        "people/family": family.pk,
        "people/enrolment": enrolment.pk,
        "organisation/unit": kindergarten.pk,
    }


def test_it_has_an_accessible_login_page(page: Page) -> None:
    page.goto("/logg-inn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")
    assert_accessible(page)


def test_it_shows_an_accessible_error_for_a_wrong_password(page: Page, employee: User) -> None:
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill("feil")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Feil brukernavn eller passord")
    assert_accessible(page)


def test_it_has_an_accessible_home_page(page: Page, employee: User) -> None:
    log_in(page, employee)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine saker")
    assert_accessible(page)


def test_it_reaches_the_main_content_with_the_skip_link(page: Page, employee: User) -> None:
    log_in(page, employee)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til hovedinnhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_it_switches_language_in_the_browser(page: Page, employee: User) -> None:
    log_in(page, employee)
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My cases")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def test_it_logs_out_with_the_button(page: Page, employee: User) -> None:
    log_in(page, employee)
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")


def test_it_has_accessible_administration_pages(
    page: Page, admin_user: User, registers: dict[str, int]
) -> None:
    log_in(page, admin_user)
    page.get_by_role("link", name="Administrasjon").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    for register in REGISTERS:
        pk = registers.get(register, admin_user.pk)
        for path in ("", "add/", f"{pk}/change/"):
            response = page.goto(f"/admin/{register}/{path}")
            assert response is not None
            assert response.status == 200, f"/admin/{register}/{path}"
            assert_accessible(page)


def test_it_has_accessible_error_messages_in_the_admin(
    page: Page, admin_user: User, child: Child
) -> None:
    log_in(page, admin_user)
    page.goto("/admin/people/child/add/")
    page.get_by_label("Fødselsnummer").fill("12345678901")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Fødselsnummeret er ikke gyldig")).to_be_visible()
    assert_accessible(page)
