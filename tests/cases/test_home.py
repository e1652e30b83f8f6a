"""Mine saker: my cases, measures due, overdue evaluations, handovers waiting,
decisions awaited; a fixed number of queries however many rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg import _queries as psycopg_queries

from rodtrad.audit.models import AuditEvent
from rodtrad.audit.verify import verify_chain
from rodtrad.cases import actions, mine_saker
from rodtrad.cases.models import Case
from rodtrad.consent.models import Consent, Decision, InformationCategory, Method, Purpose
from rodtrad.organisation.models import UnitKind
from rodtrad.people.models import Child, Enrolment
from rodtrad.policy import cases as policy_cases
from tests.cases.conftest import Story
from tests.conftest import valid_birth_number

TODAY = timezone.localdate()


def kari_opens_case(story: Story, given_name: str, born: datetime.date) -> Case:
    """A child in Kari's kindergarten, and a relay log Kari opens for it."""
    child = Child.objects.create(
        municipality=story.melhus,
        identity_number=valid_birth_number(born.day, born.month, born.year),
        given_name=given_name,
        family_name="Testesen",
        birth_date=born,
    )
    Enrolment.objects.create(
        municipality=story.melhus, child=child, unit=story.kindergarten, starts_on=TODAY
    )
    return actions.do_open_case(
        actor=story.kari, child_id=child.pk, unit_id=story.kindergarten.pk, concern="x"
    )


def add_measure(story: Story, case: Case, goal: str, *, due_in_days: int) -> None:
    """Kari's measure, evaluated `due_in_days` from today (negative: overdue)."""
    actions.do_add_measure(
        case.pk,
        actor=story.kari,
        goal=goal,
        responsible_id=story.kari.pk,
        responsible_unit_id=story.kindergarten.pk,
        starts_on=TODAY - datetime.timedelta(days=10),
        evaluate_on=TODAY + datetime.timedelta(days=due_in_days),
    )


def ask_leader_and_offer_baton(story: Story, case: Case) -> None:
    """Kari asks Berit, her leader, to decide, and offers Berit the baton."""
    actions.do_ask_leader(case.pk, actor=story.kari)
    actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.berit.pk, to_unit_id=story.kindergarten.pk
    )


def more_cases(story: Story, n: int) -> None:
    for i in range(n):
        case = kari_opens_case(story, f"Barn{i}", datetime.date(2021, 5, 1 + i))
        for days in (-3, 3):
            add_measure(story, case, f"Mål {i} {days}", due_in_days=days)
        ask_leader_and_offer_baton(story, case)


def queries_for(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_it_shows_every_section(story: Story, case: Case) -> None:
    more_cases(story, 1)
    kari = story.client(story.kari).get("/").content.decode()
    berit = story.client(story.berit).get("/").content.decode()

    assert "Du er stafettholder" in kari and "Emil Hansen" in kari
    assert "Forfalte evalueringer" in kari and "Tiltak som snart skal evalueres" in kari
    assert "Overleveringer som venter på deg" in berit
    assert "Venter på din beslutning" in berit
    assert "Stafettlogger du er med i" in berit  # as leader of the holder's unit


def test_the_query_count_does_not_grow_with_the_rows(story: Story, case: Case) -> None:
    more_cases(story, 1)
    kari, berit = story.client(story.kari), story.client(story.berit)
    few = (queries_for(kari), queries_for(berit))
    more_cases_offset(story)
    many = (queries_for(kari), queries_for(berit))
    assert few == many


def more_cases_offset(story: Story) -> None:
    for i in range(8):
        case = kari_opens_case(story, f"Flere{i}", datetime.date(2021, 6, 10 + i))
        add_measure(story, case, "Mål", due_in_days=-1)
        ask_leader_and_offer_baton(story, case)


def test_others_cases_do_not_show(story: Story, case: Case) -> None:
    html = story.client(story.outsider).get("/").content.decode()
    assert "Emil" not in html


def test_names_and_goals_are_escaped_in_every_list(story: Story, case: Case) -> None:
    # Registers take names as written; the page must never run them as markup.
    Child.objects.filter(pk=case.child_id).update(given_name="<b>Emil</b>")
    add_measure(story, case, "<i>Mål</i>", due_in_days=1)
    ask_leader_and_offer_baton(story, case)
    kari = story.client(story.kari).get("/").content.decode()
    berit = story.client(story.berit).get("/").content.decode()

    for html in (kari, berit):
        assert "<b>Emil" not in html and "<i>" not in html
    assert kari.count("&lt;b&gt;Emil&lt;/b&gt;") == 2  # held, and the measure due
    assert "&lt;i&gt;Mål&lt;/i&gt;" in kari
    # the handover offered, the decision asked for, and a relay log taken part in
    assert berit.count("&lt;b&gt;Emil&lt;/b&gt;") == 3


def consent_for_kinds(story: Story, case: Case, *kinds: str) -> None:
    """The family's consent in force to collaborate with these kinds of unit."""
    Consent.objects.create(
        municipality=story.melhus,
        child_id=case.child_id,
        purpose=Purpose.COLLABORATION,
        decision=Decision.GIVEN,
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        unit_kinds=list(kinds),
        valid_from=TODAY,
        valid_to=TODAY + datetime.timedelta(days=365),
        method=Method.PAPER,
        documented_by=story.kari,
        complete=True,
    )


def test_others_are_the_first_visible_cases_by_name(story: Story) -> None:
    # PPT takes part in three relay logs; the family that sorts first has withdrawn
    # its consent, so its log must neither show nor take one of the places.
    for n, name in enumerate(("Aase", "Brage", "Cecilie")):
        case = kari_opens_case(story, name, datetime.date(2021, 3, 1 + n))
        consent_for_kinds(story, case, UnitKind.PPT)
        actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.ppt.pk)
    Consent.objects.filter(child__given_name="Aase").update(withdrawn_at=timezone.now())

    def others(limit: int) -> list[str]:
        found = mine_saker.lists(story.per, TODAY, others_limit=limit)
        return [line.child_name for line in found.others]

    assert others(1) == ["Brage Testesen"]
    assert others(50) == ["Brage Testesen", "Cecilie Testesen"]
    assert mine_saker.lists(story.kari, TODAY).others == []  # Kari holds them all


def test_psycopg_keeps_its_conversion_of_the_lists_statement() -> None:
    """Past psycopg's limit its placeholders are parsed again on every page (~0.6 ms)."""
    sql = mine_saker._statement(policy_cases._CANDIDATES, policy_cases._READABLE, recorded=True)
    assert len(sql.encode()) <= psycopg_queries.MAX_CACHED_STATEMENT_LENGTH


def test_the_page_records_which_relay_logs_it_named(story: Story, case: Case) -> None:
    """Mine saker names each listed relay log's child: one audit event says which."""
    more_cases(story, 1)
    held = set(Case.objects.filter(holder=story.kari).values_list("pk", flat=True))
    offered = set(Case.objects.filter(handovers__to_user=story.berit).values_list("pk", flat=True))

    assert story.client(story.kari).get("/").status_code == 200
    assert story.client(story.berit).get("/").status_code == 200

    kari, berit = (
        AuditEvent.objects.get(action="case.listed", actor=user)
        for user in (story.kari, story.berit)
    )
    assert set(kari.changes["shown"]) == held and kari.reason == "mine_saker"
    assert offered and offered <= set(berit.changes["shown"])
    # ... and whose: each child's access log finds the event by them.
    children_of = Case.objects.in_bulk(held | offered)
    assert kari.changes["children"] == sorted({children_of[pk].child_id for pk in held})
    assert {children_of[pk].child_id for pk in offered} <= set(berit.changes["children"])


def test_the_lists_write_their_event_in_the_same_statement(story: Story, case: Case) -> None:
    """With `record`, the statement that reads the lists writes the page's event
    (the relay logs and children of every line, measures and offers too), chained
    like any other; without, it writes none."""
    more_cases(story, 2)
    mine_saker.lists(story.kari, TODAY)
    assert not AuditEvent.objects.filter(action="case.listed").exists()

    with CaptureQueriesContext(connection) as statements:
        found = mine_saker.lists(story.kari, TODAY, record=True)

    assert [query["sql"].count("INSERT INTO audit_auditevent") for query in statements] == [1]
    event = AuditEvent.objects.get(action="case.listed")
    lines = [*found.held, *found.others, *found.awaiting_decision]
    others: list[mine_saker.MeasureLine | mine_saker.HandoverLine] = [
        *found.overdue,
        *found.due,
        *found.handovers,
    ]
    assert found.held and found.overdue and found.due
    assert (event.action, event.actor_id, event.reason, event.child_id) == (
        "case.listed",
        story.kari.pk,
        "mine_saker",
        None,
    )
    assert event.changes == {
        "shown": sorted({line.pk for line in lines} | {line.case_id for line in others}),
        "children": sorted({line.child_id for line in lines} | {line.child_id for line in others}),
    }
    assert verify_chain().broken is None


def test_a_page_that_names_no_relay_log_records_no_listing(story: Story, case: Case) -> None:
    assert "Emil" not in story.client(story.outsider).get("/").content.decode()
    assert not AuditEvent.objects.filter(action="case.listed").exists()
