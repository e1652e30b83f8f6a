"""An employee finds a child by name and by identity number, in a real browser."""

from __future__ import annotations

import datetime
import os

import pytest
from playwright.sync_api import Page, expect

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Unit
from rodtrad.people.models import Child, Enrolment
from tests.e2e.conftest import assert_accessible, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_finds_a_child_and_keeps_the_number_out_of_the_address(
    page: Page, employee: User, child: Child, kindergarten: Unit
) -> None:
    Enrolment.objects.create(
        municipality=child.municipality,
        child=child,
        unit=kindergarten,
        starts_on=datetime.date(2024, 8, 1),
    )
    log_in(page, employee)
    page.get_by_role("link", name="Finn et barn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finn et barn")
    assert_accessible(page)

    page.get_by_label("Navn eller fødselsnummer").fill(child.identity_number or "")
    page.get_by_role("button", name="Søk").click()
    result = page.get_by_role("link", name="Emil Hansen")
    expect(result).to_be_visible()
    assert (child.identity_number or "") not in page.url
    assert_accessible(page)

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emil Hansen")
    expect(page.get_by_text("Solsikken barnehage")).to_be_visible()
    assert_accessible(page)
