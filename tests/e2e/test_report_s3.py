"""Story S3 in a real browser: a report from school (Skaun, Bærum).

Tone, a teacher at Buvik skole in Skaun, sees bruises on Jonas (9). She sends
a report of concern to the intermunicipal child welfare service for Melhus
and Skaun, without consent, as the law requires. Child welfare receives it;
as the feedback deadline nears without feedback, someone is reminded; child
welfare reviews it, opens an investigation and gives Tone feedback, which
she then sees. The statistics count the report by its source. Every page is
checked with axe-core (WCAG 2.1 A and AA).
"""

from __future__ import annotations

import datetime
import os

import pytest
from playwright.sync_api import Page, expect

from rodtrad.consent.models import Consent
from rodtrad.notifications.models import Notification
from rodtrad.reports.actions import send_report_deadline_reminders
from rodtrad.reports.deadlines import OSLO
from rodtrad.reports.models import ConcernReport
from tests.e2e.conftest import assert_accessible, log_in
from tests.reports.world import ReportWorld, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server: object) -> ReportWorld:
    return build_world()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")


def test_s3_a_report_from_school_gets_feedback_in_time(page: Page, world: ReportWorld) -> None:
    # Tone reports, from the navigation.
    log_in(page, world.teacher)
    page.get_by_role("link", name="Meldinger til barnevernet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldinger til barnevernet")
    assert_accessible(page)

    page.get_by_role("link", name="Send bekymringsmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send bekymringsmelding")
    assert_accessible(page)
    page.get_by_label("Barn", exact=True).select_option(
        label=f"Jonas Berg (født 17.05.{world.jonas.birth_date.year})"
    )
    # htmx names the receiving service as soon as the child is chosen.
    expect(
        page.get_by_text("Meldingen går til Barneverntjenesten for Melhus og Skaun.")
    ).to_be_visible()
    page.get_by_label("Hva er du bekymret for?").fill(
        "Jonas har blåmerker på begge overarmene og sier at han falt på sykkelen."
    )
    page.get_by_label("Hva har du observert, og når?").fill(
        "Mandag i gymtimen så jeg blåmerker som så ut som grep. Jonas ville ikke snakke om det."
    )
    page.get_by_role("group", name="Er foresatte informert om meldingen?").get_by_label(
        "Nei"
    ).check()
    page.get_by_label("Mistanke om vold eller seksuelle overgrep i familien").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send meldingen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bekymringsmelding om Jonas Berg")
    expect(page.get_by_role("status")).to_contain_text(
        "Meldingen ble sendt til Barneverntjenesten for Melhus og Skaun."
    )
    expect(page.get_by_text("Barneverntjenesten skal gi deg tilbakemelding senest")).to_be_visible()
    assert_accessible(page)
    report = ConcernReport.objects.get()
    # No consent was asked for, or needed.
    assert not Consent.objects.filter(child=world.jonas).exists()
    assert report.receiving_unit == world.child_welfare
    log_out(page)

    # The feedback deadline nears; nobody has given feedback: child welfare is reminded.
    two_days_before = datetime.datetime.combine(
        report.feedback_due_on - datetime.timedelta(days=2), datetime.time(8), tzinfo=OSLO
    )
    assert send_report_deadline_reminders(two_days_before) >= 1
    reminded = Notification.objects.filter(kind="report.feedback_soon")
    assert [n.recipient for n in reminded] == [world.cw_leader]

    # Child welfare receives and reviews it.
    log_in(page, world.cw_worker)
    page.get_by_role("link", name="Meldinger til barnevernet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Barnevernets innboks")
    row = page.get_by_role("row").filter(has_text="Jonas Berg")
    expect(row).to_contain_text("Buvik skole")
    expect(row).to_contain_text("Mottatt")
    expect(row).to_contain_text("7 dager igjen")
    assert_accessible(page)

    row.get_by_role("link", name="Jonas Berg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekymringsmelding om Jonas Berg")
    expect(page.get_by_text("Mistanke om vold eller seksuelle overgrep i familien")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Under gjennomgang").check()
    page.get_by_role("button", name="Endre status").click()
    expect(page.get_by_role("status")).to_contain_text("Statusen er nå «Under gjennomgang».")
    assert_accessible(page)

    page.get_by_label("Undersøkelse åpnet").check()
    page.get_by_label("Notat (bare for barneverntjenesten)").fill("Hjemmebesøk avtalt torsdag.")
    page.get_by_role("button", name="Endre status").click()
    expect(page.get_by_role("status")).to_contain_text("Statusen er nå «Undersøkelse åpnet».")
    expect(page.get_by_text("Melderen får vite: Barneverntjenesten bekrefter")).to_be_visible()

    page.get_by_label("Kort melding til melderen (valgfritt)").fill("Takk for at du meldte.")
    page.get_by_role("button", name="Gi tilbakemelding til melderen").click()
    expect(page.get_by_role("status")).to_contain_text("Tilbakemeldingen er gitt til melderen.")
    assert_accessible(page)

    page.get_by_role("link", name="Barnevernets innboks").click()
    page.get_by_role("link", name="Statistikk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meldinger til barnevernet: statistikk"
    )
    expect(page.get_by_text("1 melding mottatt")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # Tone sees the feedback, and nothing of child welfare's own work.
    log_in(page, world.teacher)
    page.get_by_role("link", name="Meldinger til barnevernet", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Jonas Berg")
    expect(row).to_contain_text("Tilbakemelding")
    row.get_by_role("link", name="Jonas Berg").click()
    expect(
        page.get_by_text("Barneverntjenesten bekrefter at meldingen er mottatt.")
    ).to_be_visible()
    expect(page.get_by_text("Det er åpnet undersøkelse.")).to_be_visible()
    expect(page.get_by_text("Takk for at du meldte.")).to_be_visible()
    expect(page.get_by_text("Hjemmebesøk")).to_have_count(0)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som PDF til din dokumentasjon").click()
    assert download.value.suggested_filename == f"bekymringsmelding-{report.pk}.pdf"
