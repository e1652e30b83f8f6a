"""Writing the action guide keeps every earlier version; guide_steps_for gives
the case pages the steps of a level."""

from __future__ import annotations

import pytest

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.guide.actions import do_create_guide_page, do_revise_guide_page, guide_steps_for
from rodtrad.guide.demo import load_guide_demo
from rodtrad.guide.models import GuidePage, GuideVersion, PageKind
from rodtrad.organisation.models import Municipality
from rodtrad.policy import NotFound


@pytest.fixture
def step(municipality: Municipality, admin_user: User) -> GuidePage:
    return do_create_guide_page(
        admin_user,
        municipality=municipality,
        kind=PageKind.STEP,
        level=0,
        position=2,
        slug="konkretiser",
        title="Gjør bekymringen konkret",
        summary="Beskriv det du har sett.",
        body="Skriv **hva** du så.",
        checklist="Observasjoner med dato\n- Skill fakta og tolkning",
    )


def test_it_keeps_earlier_versions_as_rows(step: GuidePage, admin_user: User) -> None:
    do_revise_guide_page(step, actor=admin_user, body="Skriv hva, når og hvor.", note="Mer presis")
    versions = list(GuideVersion.objects.filter(page=step).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].body == "Skriv **hva** du så."
    assert versions[1].body == "Skriv hva, når og hvor."
    assert versions[1].title == "Gjør bekymringen konkret"
    assert versions[1].created_by == admin_user
    step.refresh_from_db()
    assert step.current == versions[1]


def test_it_audits_what_changed(step: GuidePage, admin_user: User) -> None:
    do_revise_guide_page(step, actor=admin_user, title="Konkretiser")
    event = AuditEvent.objects.filter(action="guide.page_revised").get()
    assert event.changes == {
        "title": ["Gjør bekymringen konkret", "Konkretiser"],
        "version": [1, 2],
    }


def test_it_saves_no_version_when_nothing_changed(step: GuidePage, admin_user: User) -> None:
    do_revise_guide_page(step, actor=admin_user, title="Gjør bekymringen konkret")
    assert GuideVersion.objects.filter(page=step).count() == 1
    assert not AuditEvent.objects.filter(action="guide.page_revised").exists()


def test_it_refuses_others_as_if_the_page_did_not_exist(
    step: GuidePage, employee: User, other_admin: User
) -> None:
    for actor in (employee, other_admin):
        with pytest.raises(NotFound):
            do_revise_guide_page(step, actor=actor, title="Endret")
    assert GuideVersion.objects.filter(page=step).count() == 1


def test_it_refuses_a_step_without_a_level(municipality: Municipality, admin_user: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        do_create_guide_page(
            admin_user, municipality=municipality, kind=PageKind.STEP, slug="x", title="X"
        )


def test_it_gives_the_steps_of_a_level_in_order(municipality: Municipality) -> None:
    load_guide_demo(municipality)
    steps = guide_steps_for(municipality, 0)
    assert [s.title for s in steps] == [
        "Undre deg",
        "Gjør bekymringen konkret",
        "Del med leder, barnet og foreldrene",
        "Avklar veien videre",
    ]
    share = steps[2]
    assert share.url == "/hjelp/5028/handlingsveileder/del-bekymringen/"
    assert "<strong>ikke</strong>" in share.html
    assert len(share.checklist) == 3
    assert guide_steps_for(municipality.pk, 1)[0].title == "Definer utfordringen"


def test_it_gives_no_steps_of_another_municipality(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    load_guide_demo(municipality)
    assert guide_steps_for(other_municipality, 0) == []


def test_it_loads_the_demo_guide_twice_without_new_versions(municipality: Municipality) -> None:
    load_guide_demo(municipality)
    count = GuideVersion.objects.count()
    load_guide_demo(municipality)
    assert GuideVersion.objects.count() == count
