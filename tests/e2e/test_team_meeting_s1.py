"""Story S1, the team part, in a real browser: Kari refers Emil's relay log to
the local interdisciplinary team; Berit accepts and calls a meeting with both
parents; the minutes (one template) name who does what by when; approved,
each decision is a measure with a name and a date, in the relay log and in
that person's Mine saker; the minutes reach every participant; the parents
rate the meeting. Every page touched is axe-clean."""

from __future__ import annotations

import datetime
import os
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from rodtrad.cases.models import Measure
from rodtrad.notifications.models import Notification
from rodtrad.teams.models import Meeting, MeetingParticipant, MeetingRating, Referral
from tests.e2e.conftest import assert_accessible, log_in
from tests.teams.conftest import Teams, add_measure, consent_for_team
from tests.teams.conftest import teams as teams
from tests.teams.conftest import world as world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def choose(select: Locator, text: str) -> None:
    """Pick the option whose text contains `text`, as a person reading the list would."""
    label = select.locator("option", has_text=text).first.text_content() or ""
    select.select_option(label=label)


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def test_s1_referral_meeting_minutes_measures_and_rating(page: Page, teams: Teams) -> None:
    # Level 2 already: the measure in the kindergarten was not enough, and both
    # guardians consented to the team discussing Emil.
    add_measure(teams.world)
    consent_for_team(teams.world, teams.kindergarten, teams.health_station, teams.ppt)
    teams.mother.email, teams.father.email = "maria@example.org", "jon@example.org"
    teams.mother.save()
    teams.father.save()

    # Kari refers the case.
    log_in(page, teams.holder)
    page.get_by_role("link", name="Team", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    assert_accessible(page)
    page.get_by_role("link", name="Lokalt tverrfaglig team Solsikken").click()
    assert_accessible(page)
    page.get_by_role("link", name="Henvis en sak").click()
    assert_accessible(page)
    choose(page.get_by_label("Hvilken stafettlogg"), "Emil Hansen")
    page.get_by_label("Hva skal teamet hjelpe med?").fill(
        "Emil er innesluttet og ofte sulten. Vi trenger hjelp fra flere tjenester."
    )
    page.get_by_label("Hva er prøvd i egen tjeneste?").fill("Frokost i barnehagen i seks uker.")
    page.get_by_role("button", name="Send henvisningen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emil Hansen")
    assert_accessible(page)
    _log_out(page)

    # Berit, who leads the team, accepts and calls a meeting.
    log_in(page, teams.leader)
    page.goto(f"/team/{teams.local.pk}/")
    expect(page.get_by_role("table", name="Innkomne henvisninger")).to_contain_text("Emil Hansen")
    page.get_by_role("link", name="Emil Hansen").click()
    page.get_by_label("Ta imot").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret ble sendt")
    assert_accessible(page)
    page.goto(f"/team/{teams.local.pk}/")
    page.get_by_role("link", name="Planlegg et møte").click()
    assert_accessible(page)
    day = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Tittel").fill("Møte i lokalt tverrfaglig team")
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Starter").fill("09:00")
    page.get_by_label("Slutter").fill("10:30")
    page.get_by_label("Sted").fill("Solsikken barnehage, møterom 1")
    page.get_by_label("Emil Hansen").check()
    page.get_by_role("button", name="Planlegg og inviter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Møte i lokalt tverrfaglig team")
    for parent in ("Maria Hansen", "Jon Hansen"):
        choose(page.get_by_label("Hvem", exact=True), parent)
        page.get_by_role("button", name="Inviter", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Deltakeren ble invitert")
    expect(page.get_by_role("table", name="Deltakere")).to_contain_text("Maria Hansen")
    assert_accessible(page)
    meeting = Meeting.objects.get()
    assert {m.to[0] for m in mail.outbox if "Invitasjon" in m.subject} >= {
        "maria@example.org",
        "jon@example.org",
    }

    # The meeting is held (the clock moves on).
    start = timezone.now() - datetime.timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )

    # Berit writes the minutes from the one template, with the parents present.
    page.goto(f"/moter/{meeting.pk}/")
    page.get_by_role("link", name="Skriv referatet").click()
    assert_accessible(page)
    for name in ("Berit Testesen", "Maria Hansen", "Jon Hansen", "Hanne Testesen"):
        page.get_by_label(re.compile(name)).check()
    page.get_by_label("Barnets egen stemme").fill("Emil sier han vil leke med Ali.")
    page.get_by_label("Foresattes syn").fill("Foreldrene ønsker hjelp med morgenrutiner.")
    page.get_by_label("Vurdering", exact=True).fill("Behov for tett oppfølging fra flere.")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_role("status")).to_contain_text("Utkastet til referat ble lagret")
    due = timezone.localdate() + datetime.timedelta(days=5)
    page.get_by_label("Hva skal gjøres").fill("Helsestasjonen følger opp vekt og kosthold")
    choose(page.get_by_label("Ansvarlig person"), "Hanne Testesen")
    page.get_by_label("Innen").fill(due.isoformat())
    page.get_by_role("button", name=re.compile("Legg til vedtaket")).click()
    expect(page.get_by_role("status")).to_contain_text("Vedtaket ble lagt til")
    assert_accessible(page)
    page.get_by_role("button", name="Godkjenn og send referatet").click()
    expect(page.get_by_role("status")).to_contain_text("Referatet er godkjent")
    expect(page.get_by_text("Helsestasjonen følger opp vekt og kosthold")).to_be_visible()
    assert_accessible(page)

    # The decision is a measure with a name and a date; the minutes reached everyone.
    measure = Measure.objects.get(goal="Helsestasjonen følger opp vekt og kosthold")
    assert (measure.responsible, measure.evaluate_on, measure.case) == (
        teams.nurse,
        due,
        teams.case,
    )
    employees = set(
        MeetingParticipant.objects.filter(meeting=meeting, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    told = set(
        Notification.objects.filter(kind="team.minutes_approved").values_list(
            "recipient_id", flat=True
        )
    )
    assert employees == told and teams.holder.pk in told
    assert {m.to[0] for m in mail.outbox if m.subject.startswith("Referat")} >= {
        "maria@example.org",
        "jon@example.org",
    }

    # The parents rate the meeting; Berit records it on their behalf.
    page.goto(f"/moter/{meeting.pk}/")
    choose(page.get_by_label("Hvem sin vurdering"), "Maria Hansen")
    page.get_by_role("group", name=re.compile("Var møtet nyttig")).get_by_label("5").check()
    page.get_by_role("group", name=re.compile("Ble du hørt")).get_by_label("4").check()
    page.get_by_label("Kommentar (valgfritt)").fill("Endelig en plan.")
    page.get_by_role("button", name="Registrer vurderingen").click()
    expect(page.get_by_role("status")).to_contain_text("Vurderingen ble registrert")
    expect(page.get_by_role("table", name="Deltakere")).to_contain_text("Nyttig 5/5, hørt 4/5")
    assert_accessible(page)
    rating = MeetingRating.objects.get()
    assert (rating.useful, rating.heard, rating.recorded_by) == (5, 4, teams.leader)
    _log_out(page)

    # Hanne finds the measure in Mine saker, and in the relay log.
    log_in(page, teams.nurse)
    expect(page.get_by_role("main")).to_contain_text("Helsestasjonen følger opp vekt og kosthold")
    expect(page.get_by_role("main")).to_contain_text(due.strftime("%d.%m.%Y"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Helsestasjonen følger opp vekt")).first.click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Helsestasjonen følger opp vekt og kosthold")
    expect(main).to_contain_text("Hanne Testesen")
    expect(main).to_contain_text(due.strftime("%d.%m.%Y"))
    assert_accessible(page)
    assert Referral.objects.get().status == "accepted"
