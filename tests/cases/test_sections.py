"""The case page and the timeline page, made in Python (cases/sections.py): every
name and text from the database is escaped as the templates escaped it, and what
the reader may do decides which links there are."""

from __future__ import annotations

import datetime
import html

from django.utils import timezone

from rodtrad.cases import actions
from rodtrad.cases.models import Case
from rodtrad.organisation.models import Unit
from tests.cases.conftest import Story

TODAY = timezone.localdate()
HOSTILE = "<script>alert(\"x\")</script> & 'Ola'"
ESCAPED = html.escape(HOSTILE)


def _rename(story: Story) -> None:
    """The child, the baton holder, the units and the one offered the baton get
    names that are markup."""
    story.child.given_name = HOSTILE
    story.child.save(update_fields=["given_name"])
    for user in (story.kari, story.tone):
        user.first_name = HOSTILE
        user.save(update_fields=["first_name"])
    Unit.objects.filter(pk=story.kindergarten.pk).update(name=HOSTILE)
    Unit.objects.filter(pk=story.school.pk).update(name=HOSTILE + " skole")


def _hostile_plan(story: Story, case: Case) -> None:
    measure = actions.do_add_measure(
        case.pk,
        actor=story.kari,
        goal=HOSTILE,
        intervention=HOSTILE,
        responsible_id=story.kari.pk,
        responsible_unit_id=story.kindergarten.pk,
        starts_on=TODAY,
        evaluate_on=TODAY + datetime.timedelta(weeks=6),
    )
    actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=measure.pk,
        held_on=TODAY,
        participants=HOSTILE,
        result=2,
        decision="level_up",
    )
    actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )


def test_it_escapes_every_name_and_text_on_the_case_page(story: Story, case: Case) -> None:
    _hostile_plan(story, case)
    _rename(story)

    page = story.client(story.kari).get(f"/saker/{case.pk}/").content.decode()

    assert HOSTILE not in page
    assert f"<title>Stafettlogg for {ESCAPED} Hansen – Rød tråd</title>" in page
    assert f'<h1 class="ds-heading" data-size="lg">Stafettlogg for {ESCAPED} Hansen</h1>' in page
    assert f"<dd>{ESCAPED} Testesen, {ESCAPED}</dd>" in page  # the baton holder and unit
    assert f"Stafetten ble tilbudt {ESCAPED} Testesen, {ESCAPED} skole" in page  # the offer
    assert f'<td>{ESCAPED}<br><span class="rt-meta">{ESCAPED}</span></td>' in page  # goal
    assert f"<td>{ESCAPED} Testesen, {ESCAPED}</td>" in page  # responsible
    assert f'<span class="ds-sr-only"> – {ESCAPED}</span>' in page  # the links' goal
    assert f"<li>{TODAY:%d.%m.%Y}: {ESCAPED} – " in page  # the evaluation's measure
    assert f"<li>{ESCAPED} (stafettholderens enhet)</li>" in page  # the unit taking part


def test_it_escapes_the_names_in_the_timelines_header(story: Story, case: Case) -> None:
    _rename(story)

    page = story.client(story.kari).get(f"/saker/{case.pk}/tidslinje/").content.decode()

    assert HOSTILE not in page
    assert f'<h1 class="ds-heading" data-size="lg">Stafettlogg for {ESCAPED} Hansen</h1>' in page
    assert f"<dd>{ESCAPED} Testesen, {ESCAPED}</dd>" in page


def test_the_baton_holder_may_write_and_manage_and_a_colleague_only_read(
    story: Story, case: Case
) -> None:
    story.consent(case)
    actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.health_station.pk)

    holder = story.client(story.kari).get(f"/saker/{case.pk}/").content.decode()
    nurse = story.client(story.hanne).get(f"/saker/{case.pk}/").content.decode()

    for page in (holder, nurse):
        assert f'href="/saker/{case.pk}/skriv/observasjon/"' in page
        assert f'href="/saker/{case.pk}/tiltak/nytt/"' in page
    assert f'href="/saker/{case.pk}/avslutt/"' in holder
    assert f'href="/saker/{case.pk}/avslutt/"' not in nurse
    assert f'href="/barn/{story.child.pk}/samtykke/"' in holder
    assert "/samtykke/" not in nurse


def test_a_closed_relay_log_offers_the_holder_to_reopen_it_and_nothing_to_write(
    story: Story, case: Case
) -> None:
    actions.do_close_case(
        case.pk, actor=story.kari, reason="Ferdig", guardians_informed=True, version=None
    )

    page = story.client(story.kari).get(f"/saker/{case.pk}/").content.decode()

    assert f'href="/saker/{case.pk}/gjenapne/"' in page
    assert "/skriv/" not in page
    assert 'data-color="neutral">Avsluttet</span>' in page
