"""Every relay log page over HTTP: it works for the one allowed, and anyone
else gets the same 404 as for a case that does not exist."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from rodtrad.audit.models import AuditEvent
from rodtrad.cases import actions, views
from rodtrad.cases.models import Case, Entry, EntryKind, Handover, Measure
from rodtrad.organisation.models import Membership
from tests.cases.conftest import Story
from tests.conftest import nb

TODAY = timezone.localdate()


def measure_for(story: Story, case: Case) -> Measure:
    return actions.do_add_measure(
        case.pk,
        actor=story.kari,
        goal="Frokost hver dag",
        responsible_id=story.kari.pk,
        responsible_unit_id=story.kindergarten.pk,
        starts_on=TODAY,
        evaluate_on=TODAY + datetime.timedelta(weeks=6),
    )


def offer(story: Story, case: Case) -> Handover:
    return actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Story, Case], str]
    post: Callable[[Story, Case], dict[str, Any]] | None  # a valid form, or None: GET only
    by: str = "kari"
    get_allowed: bool = True  # False: POST only (GET answers 405)
    redirects: bool = True


def _membership(story: Story, user: Any, unit: Any) -> int:
    return Membership.objects.get(user=user, unit=unit).pk


PAGES = [
    Page("overview", lambda s, c: f"/saker/{c.pk}/", None),
    Page("timeline", lambda s, c: f"/saker/{c.pk}/tidslinje/", None),
    Page("pdf", lambda s, c: f"/saker/{c.pk}/pdf/", None),
    Page(
        "observation",
        lambda s, c: f"/saker/{c.pk}/skriv/observasjon/",
        lambda s, c: {"text": "Så noe", "occurred_on": TODAY, "categories": ["care"]},
    ),
    Page(
        "bright spot",
        lambda s, c: f"/saker/{c.pk}/skriv/lysglimt/",
        lambda s, c: {"text": "Lo", "occurred_on": TODAY, "categories": ["well_being"]},
    ),
    Page(
        "conversation",
        lambda s, c: f"/saker/{c.pk}/skriv/samtale/",
        lambda s, c: {
            "conversation_with": "child",
            "child_words": "Jeg er sulten",
            "occurred_on": TODAY,
        },
    ),
    Page(
        "edit entry",
        lambda s, c: f"/saker/{c.pk}/oppforinger/{Entry.objects.filter(case=c).first().pk}/endre/",  # type: ignore[union-attr]
        lambda s, c: {"version": 1, "text": "Rettet", "categories": ["care"], "occurred_on": TODAY},
    ),
    Page("ask leader", lambda s, c: f"/saker/{c.pk}/spor-leder/", lambda s, c: {"text": "Se"}),
    Page(
        "leader decision",
        lambda s, c: f"/saker/{c.pk}/lederbeslutning/",
        lambda s, c: {"decision": "measures", "decided_by": s.berit.pk, "text": ""},
        by="berit",
    ),
    Page(
        "level",
        lambda s, c: f"/saker/{c.pk}/niva/",
        lambda s, c: {"version": c.version, "level": 1, "reason": "Tiltak"},
    ),
    Page(
        "add unit",
        lambda s, c: f"/saker/{c.pk}/enheter/ny/",
        lambda s, c: (s.consent(c), {"unit": s.ppt.pk})[1],
    ),
    Page(
        "new measure",
        lambda s, c: f"/saker/{c.pk}/tiltak/nytt/",
        lambda s, c: {
            "goal": "Mål",
            "responsible": _membership(s, s.kari, s.kindergarten),
            "starts_on": TODAY,
            "evaluate_on": TODAY + datetime.timedelta(days=30),
            "status": "active",
        },
    ),
    Page(
        "edit measure",
        lambda s, c: f"/saker/{c.pk}/tiltak/{measure_for(s, c).pk}/endre/",
        lambda s, c: {
            "version": 1,
            "goal": "Nytt mål",
            "responsible": _membership(s, s.kari, s.kindergarten),
            "starts_on": TODAY,
            "evaluate_on": TODAY + datetime.timedelta(days=30),
            "status": "active",
        },
    ),
    Page(
        "new evaluation",
        lambda s, c: f"/saker/{c.pk}/evalueringer/ny/",
        lambda s, c: {
            "held_on": TODAY,
            "participants": "Emil, mor, Kari",
            "result": 3,
            "decision": "close",
        },
    ),
    Page(
        "edit evaluation",
        lambda s, c: "/saker/{}/evalueringer/{}/endre/".format(
            c.pk,
            actions.do_add_evaluation(
                c.pk,
                actor=s.kari,
                measure_id=None,
                held_on=TODAY,
                participants="Kari",
                result=2,
                decision="close",
            ).pk,
        ),
        lambda s, c: {"version": 1, "held_on": TODAY, "participants": "Kari og mor", "result": 3},
    ),
    Page(
        "offer handover",
        lambda s, c: f"/saker/{c.pk}/overlevering/ny/",
        lambda s, c: {"version": c.version, "to": _membership(s, s.tone, s.school), "message": ""},
    ),
    Page(
        "handover (offered)",
        lambda s, c: f"/saker/{c.pk}/overlevering/{offer(s, c).pk}/",
        None,
        by="tone",
    ),
    Page(
        "accept",
        lambda s, c: f"/saker/{c.pk}/overlevering/{offer(s, c).pk}/ta-imot/",
        lambda s, c: {},
        by="tone",
        get_allowed=False,
    ),
    Page(
        "decline",
        lambda s, c: f"/saker/{c.pk}/overlevering/{offer(s, c).pk}/avsla/",
        lambda s, c: {"reason": "Feil skole"},
        by="tone",
        get_allowed=False,
    ),
    Page(
        "withdraw",
        lambda s, c: f"/saker/{c.pk}/overlevering/{offer(s, c).pk}/trekk-tilbake/",
        lambda s, c: {},
        get_allowed=False,
    ),
    Page(
        "close",
        lambda s, c: f"/saker/{c.pk}/avslutt/",
        lambda s, c: {"version": c.version, "reason": "Ferdig", "guardians_informed": "on"},
    ),
    Page(
        "reopen",
        lambda s, c: (
            actions.do_close_case(
                c.pk, actor=s.kari, reason="x", guardians_informed=True, version=None
            ),
            f"/saker/{c.pk}/gjenapne/",
        )[1],
        lambda s, c: {"version": Case.objects.get(pk=c.pk).version, "reason": "Igjen"},
    ),
]


def _ids(page: Page) -> str:
    return page.name


def _client(story: Story, name: str) -> Client:
    return story.client(getattr(story, name))


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_it_works_for_the_one_allowed(story: Story, case: Case, page: Page) -> None:
    url = page.url(story, case)
    client = _client(story, page.by)
    if page.get_allowed:
        response = client.get(url)
        assert response.status_code == 200, response.content[:2000]
    else:
        assert client.get(url).status_code == 405
    if page.post is not None:
        data = page.post(story, case)
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]


OUTSIDERS = ["colleague", "hanne", "outsider", "tone"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_anyone_else_gets_not_found(story: Story, case: Case, page: Page, who: str) -> None:
    if who == page.by:
        pytest.skip("the one allowed")
    url = page.url(story, case)
    client = _client(story, who if who != "tone" or page.by != "tone" else "kari")
    if page.get_allowed:
        assert client.get(url).status_code == 404
    if page.post is not None:
        assert client.post(url, page.post(story, case)).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_it_needs_login(story: Story, case: Case, page: Page) -> None:
    response = Client().get(page.url(story, case))
    assert response.status_code in (302, 405)


def test_a_missing_case_looks_like_a_refused_one(story: Story, case: Case) -> None:
    client = story.client(story.outsider)
    refused = client.get(f"/saker/{case.pk}/")
    missing = client.get(f"/saker/{case.pk + 1000}/")
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content


def test_the_second_of_two_users_saving_a_measure_keeps_their_text(
    story: Story, case: Case
) -> None:
    measure = measure_for(story, case)
    url = f"/saker/{case.pk}/tiltak/{measure.pk}/endre/"
    form = {
        "version": 1,
        "responsible": _membership(story, story.kari, story.kindergarten),
        "starts_on": TODAY,
        "evaluate_on": TODAY + datetime.timedelta(days=30),
        "status": "active",
    }
    kari, berit = story.client(story.kari), story.client(story.berit)
    assert kari.get(url).status_code == 200 and berit.get(url).status_code == 200

    first = kari.post(url, {**form, "goal": "Karis mål"})
    second = berit.post(url, {**form, "goal": "Berits mål"})

    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert (
        nb(
            "Someone else saved this measure after you opened it. Your changes have not "
            "been saved, and theirs are kept. Your text is still in the form: compare it "
            "with the saved measure and save again."
        ).split(".")[0]
        in html
    )
    assert "Berits mål" in html  # their own text, still in the form
    assert "Karis mål" in html  # the saved measure, shown beside it
    assert 'name="version" value="2"' in html
    measure.refresh_from_db()
    assert measure.goal == "Karis mål"
    # Saving again with the version now seen is the second user's choice.
    assert berit.post(url, {**form, "version": 2, "goal": "Berits mål"}).status_code == 302
    measure.refresh_from_db()
    assert measure.goal == "Berits mål"


def test_writing_an_entry_checks_and_audits_the_access_once(story: Story, case: Case) -> None:
    client = story.client(story.kari)
    before = AuditEvent.objects.count()

    response = client.post(f"/saker/{case.pk}/skriv/notat/", {"text": "Hentet tidlig."})

    assert response.status_code == 302
    new = AuditEvent.objects.order_by("position")[before:]
    assert [event.action for event in new] == ["case.write", "case.entry_added"]


def test_the_timeline_filters_by_kind_with_htmx(story: Story, case: Case) -> None:
    actions.do_add_entry(
        case.pk, actor=story.kari, kind=EntryKind.BRIGHT_SPOT, text="Lo høyt", categories=["care"]
    )
    client = story.client(story.kari)

    full = client.get(f"/saker/{case.pk}/tidslinje/").content.decode()
    fragment = client.get(
        f"/saker/{case.pk}/tidslinje/?kind=bright_spot", headers={"HX-Request": "true"}
    ).content.decode()

    assert "<html" in full and "Lo høyt" in full and "tilbaketrukket" in full
    assert "<html" not in fragment
    assert "Lo høyt" in fragment and "tilbaketrukket" not in fragment


def test_the_timeline_is_a_fixed_number_of_queries(
    story: Story, case: Case, django_assert_max_num_queries: Any
) -> None:
    client = story.client(story.kari)
    client.get(f"/saker/{case.pk}/tidslinje/")
    measure = measure_for(story, case)
    for n in range(30):
        actions.do_add_entry(case.pk, actor=story.kari, kind="note", text=f"Notat {n}")
    actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=measure.pk,
        held_on=TODAY,
        participants="Kari",
        result=3,
        decision="close",
    )
    offer(story, case)
    # The session, the employee, the policy and its audit event, the nav; then the
    # page of entries with the measures, evaluations and handovers they point to,
    # and their count: one query (tests/cases/test_timeline.py).
    with django_assert_max_num_queries(8):
        response = client.get(f"/saker/{case.pk}/tidslinje/")
    assert response.content.decode().count('class="ds-card rt-entry"') == min(
        34, views.TIMELINE_PAGE_SIZE
    )


def test_printing_is_a_pdf_and_is_audited(story: Story, case: Case) -> None:
    response = story.client(story.kari).get(f"/saker/{case.pk}/pdf/")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Emil" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="case.printed", child_id=story.child.pk, actor_id=story.kari.pk
    ).exists()


def test_opening_a_case_from_the_page(story: Story) -> None:
    client = story.client(story.kari)
    page = client.get(f"/saker/ny/?barn={story.child.pk}")
    assert page.status_code == 200

    response = client.post(
        "/saker/ny/",
        {
            "child": story.child.pk,
            "unit": story.kindergarten.pk,
            "concern": "Emil er stille.",
            "occurred_on": TODAY,
            "categories": ["well_being"],
        },
    )

    case = Case.objects.get(child=story.child)
    assert response["Location"] == f"/saker/{case.pk}/"
    assert case.holder == story.kari


def test_the_new_case_page_offers_only_children_the_employee_may_see(story: Story) -> None:
    assert "Emil" in story.client(story.kari).get("/saker/ny/").content.decode()
    assert "Emil" not in story.client(story.outsider).get("/saker/ny/").content.decode()
    response = story.client(story.outsider).post(
        "/saker/ny/", {"child": story.child.pk, "unit": story.skaun_kindergarten.pk, "concern": "x"}
    )
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_a_form_error_is_shown_in_norwegian(story: Story, case: Case) -> None:
    response = story.client(story.kari).post(
        f"/saker/{case.pk}/avslutt/", {"version": case.version, "reason": "Ferdig"}
    )
    assert response.status_code == 422
    assert nb("Tell the guardians before you close the relay log.") in response.content.decode()
