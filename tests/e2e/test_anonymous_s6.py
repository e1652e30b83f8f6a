"""Story S6 in a real browser: the school nurse brings a 15-year-old's
situation to the drøftingsteam anonymously. The team's members see no name,
number, birth date, address or school on any page, in the minutes or their
PDF. Later, with the family's consent, the discussion is linked to her relay
log: the team sees who it was, and the decision becomes a measure."""

from __future__ import annotations

import datetime
import io
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from rodtrad.accounts.models import User
from rodtrad.cases.models import Measure
from rodtrad.teams.anonymity import found_terms, identity_terms
from rodtrad.teams.models import Meeting, Referral
from tests.e2e.conftest import assert_accessible, log_in
from tests.teams.conftest import Teams, make_youth
from tests.teams.conftest import teams as teams
from tests.teams.conftest import world as world
from tests.teams.factories import team_consent

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def choose(select: Locator, text: str) -> None:
    label = select.locator("option", has_text=text).first.text_content() or ""
    select.select_option(label=label)


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def test_s6_anonymous_discussion_later_linked_with_consent(page: Page, teams: Teams) -> None:
    youth = make_youth(teams.melhus, teams.nurse, teams.health_station)
    case = youth.child.cases.get()
    Measure.objects.create(
        case=case,
        goal="Samtaler hos helsesykepleier",
        responsible=teams.nurse,
        responsible_unit=teams.health_station,
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        evaluate_on=timezone.localdate() + datetime.timedelta(days=30),
        created_by=teams.nurse,
    )
    terms = identity_terms(youth.child)
    assert {"Sara", "Bakke", "Elvdal ungdomsskole", youth.child.identity_number} <= set(terms)

    def shows_no_identity(page: Page) -> None:
        assert found_terms(page.content(), terms) == [], page.url

    # The school nurse refers anonymously.
    log_in(page, teams.nurse)
    page.goto(f"/team/{teams.discussion.pk}/")
    page.get_by_role("link", name="Henvis en sak").click()
    choose(page.get_by_label("Hvilken stafettlogg"), "Sara Bakke")
    page.get_by_label("Hva skal teamet hjelpe med?").fill(
        "Jente med mye fravær og lite energi det siste halvåret. Hva kan vi gjøre?"
    )
    page.get_by_label("Hva er prøvd i egen tjeneste?").fill("Samtaler hos helsesykepleier.")
    page.get_by_label(re.compile("^Anonymt")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Send henvisningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvisning: Anonym: 15 år")
    shows_no_identity(page)
    assert_accessible(page)
    referral = Referral.objects.get()
    assert referral.anonymous
    _log_out(page)

    # The team's leader accepts and holds the meeting; nothing tells who she is.
    per = teams.ppt_adviser
    log_in(page, per)
    page.goto(f"/team/{teams.discussion.pk}/")
    expect(page.get_by_role("table", name="Innkomne henvisninger")).to_contain_text("Anonym: 15 år")
    shows_no_identity(page)
    assert_accessible(page)
    page.get_by_role("link", name="Anonym: 15 år").click()
    shows_no_identity(page)
    page.get_by_label("Ta imot").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret ble sendt")
    page.goto(f"/team/{teams.discussion.pk}/moter/ny/")
    page.get_by_label("Tittel").fill("Drøftingsteam")
    page.get_by_label("Dato").fill((timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Starter").fill("12:00")
    page.get_by_label("Slutter").fill("13:00")
    page.get_by_label("Sted").fill("Rådhuset, møterom 2")
    page.get_by_label("Anonym: 15 år").check()
    page.get_by_role("button", name="Planlegg og inviter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drøftingsteam")
    shows_no_identity(page)
    assert_accessible(page)
    meeting = Meeting.objects.get()
    start = timezone.now() - datetime.timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )

    page.get_by_role("link", name="Skriv referatet").click()
    shows_no_identity(page)
    assert_accessible(page)
    page.get_by_label("Barnets egen stemme").fill("Hun sier hun er sliten hele tiden.")
    page.get_by_label("Vurdering", exact=True).fill("Kartlegg søvn; snakk med foreldrene.")
    page.get_by_role("button", name="Lagre utkastet").click()
    page.get_by_label("Hva skal gjøres").fill("Helsesykepleier tilbyr samtale om søvn")
    choose(page.get_by_label("Ansvarlig person"), "Hanne Testesen – Melhus helsestasjon")
    page.get_by_label("Innen").fill(
        (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name=re.compile("Legg til vedtaket")).click()
    expect(page.get_by_role("status")).to_contain_text("Vedtaket ble lagt til")
    page.get_by_role("button", name="Godkjenn og send referatet").click()
    expect(page.get_by_role("status")).to_contain_text("Referatet er godkjent")
    shows_no_identity(page)
    assert_accessible(page)
    _log_out(page)

    # A member reads the minutes and their PDF: still nobody.
    bjorn = teams.child_welfare_worker
    log_in(page, bjorn)
    for path in (f"/moter/{meeting.pk}/", f"/moter/{meeting.pk}/referat/"):
        page.goto(path)
        expect(page.get_by_role("main")).to_contain_text("Anonym: 15 år")
        shows_no_identity(page)
        assert_accessible(page)
    pdf = page.request.get(f"/moter/{meeting.pk}/referat.pdf")
    assert pdf.ok
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Helsesykepleier tilbyr samtale om søvn" in text
    assert found_terms(text, terms) == []
    assert not Measure.objects.filter(decision__isnull=False).exists()
    _log_out(page)

    # Later the family consents, and the nurse links the discussion to the relay log.
    team_consent(youth.child, teams.nurse, units=(teams.ppt, teams.child_welfare))
    log_in(page, teams.nurse)
    page.goto(f"/team/henvisninger/{referral.pk}/")
    page.get_by_role("button", name="Koble drøftingen til stafettloggen").click()
    expect(page.get_by_role("status")).to_contain_text("Drøftingen er koblet med samtykke")
    assert_accessible(page)
    _log_out(page)

    log_in(page, User.objects.get(pk=per.pk))
    page.goto(f"/team/henvisninger/{referral.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvisning: Sara Bakke")
    assert_accessible(page)
    measure = Measure.objects.get(decision__isnull=False)
    assert (measure.case, measure.responsible) == (case, teams.nurse)
