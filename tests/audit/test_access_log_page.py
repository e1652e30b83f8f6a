"""/barn/<id>/tilgangslogg/: who opened the child's data, what, when and why."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from rodtrad.audit.log import record
from rodtrad.audit.models import AuditEvent
from rodtrad.policy import NotFound, get_case_for
from tests.conftest import logged_in_client, make_user
from tests.policy import conftest as policy_world
from tests.policy.conftest import World

world = policy_world.world
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def url(world: World) -> str:
    return f"/barn/{world.child.pk}/tilgangslogg/"


def rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(row.split()) for row in body.split("<tr>")[1:]]


@pytest.fixture
def holder(world: World) -> Client:
    return logged_in_client(world.holder)


def test_it_shows_who_what_when_and_why_in_norwegian(world: World, holder: Client) -> None:
    get_case_for(world.holder, world.case.pk)

    response = holder.get(url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tilgangslogg for Emil Hansen" in html
    assert '<th scope="col">Hvem</th>' in html
    [viewing, opening] = rows(html)
    assert "Kari Testesen" in opening and "Solsikken barnehage" in opening
    assert f"Åpnet stafettloggen (stafettlogg {world.case.pk})" in opening
    assert "Stafettholder" in opening
    assert "Så på tilgangsloggen" in viewing


def test_times_are_norwegian_time(world: World, holder: Client) -> None:
    event = record("case.read", actor=world.holder, obj=world.case, child_id=world.child.pk)
    event.refresh_from_db()

    html = holder.get(url(world)).content.decode()

    oslo = event.occurred_at.astimezone(OSLO)
    utc = event.occurred_at.astimezone(datetime.UTC)
    assert f"{oslo:%d.%m.%Y %H:%M:%S}" in html
    assert f"{utc:%d.%m.%Y %H:%M:%S}" not in html  # Oslo is never UTC+0


def test_every_view_of_the_log_is_itself_logged(world: World, holder: Client) -> None:
    holder.get(url(world))
    holder.get(url(world))

    events = AuditEvent.objects.filter(action="audit.access_log_read")
    assert events.count() == 2
    assert {(e.actor_id, e.child_id, e.reason) for e in events} == {
        (world.holder.pk, world.child.pk, "access_log")
    }


@pytest.mark.parametrize("who", ["holder", "leader", "admin"])
def test_the_holder_the_holders_leader_and_the_administrator_may_see_it(
    world: World, who: str
) -> None:
    assert logged_in_client(getattr(world, who)).get(url(world)).status_code == 200


@pytest.mark.parametrize(
    "who", ["nurse", "kindergarten_colleague", "ppt_adviser", "skaun_nurse", "child_welfare_worker"]
)
def test_anyone_else_gets_the_same_404_as_for_a_missing_child_and_it_is_logged(
    world: World, who: str
) -> None:
    world.consent(units=(world.health_station, world.ppt))  # members of these units see the case
    actor = getattr(world, who)
    client = logged_in_client(actor)

    refused = client.get(url(world))
    missing = client.get(f"/barn/{world.child.pk + 1000}/tilgangslogg/")

    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    event = AuditEvent.objects.get(action="audit.access_log_denied")
    assert (event.actor_id, event.child_id) == (actor.pk, world.child.pk)


def test_it_needs_login(world: World, client: Client) -> None:
    assert client.get(url(world)).status_code == 302
    assert not AuditEvent.objects.exists()


def test_it_pages_newest_first(world: World, holder: Client, settings: Settings) -> None:
    settings.RODTRAD = {**settings.RODTRAD, "PAGE_SIZE": 5}
    for _ in range(7):
        record("case.read", actor=world.holder, obj=world.case, child_id=world.child.pk)

    first = holder.get(url(world)).content.decode()
    second = holder.get(url(world) + "?side=2").content.decode()

    assert len(rows(first)) == 5 and "Så på tilgangsloggen" in rows(first)[0]
    assert len(rows(second)) == 4  # 7 openings + 2 views of the log = 9
    assert 'href="?side=2"' in first
    assert "Tilgangslogg, side 2 av 2" in second


def test_the_number_of_queries_does_not_grow_with_the_page(
    world: World, holder: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    record("case.read", actor=world.holder, obj=world.case, child_id=world.child.pk)
    holder.get(url(world))
    with CaptureQueriesContext(connection) as few:
        holder.get(url(world))
    for user in ("a", "b", "c"):
        actor = make_user(f"ansatt-{user}", world.ppt)
        record("case.denied", actor=actor, obj=world.case, child_id=world.child.pk)

    with django_assert_num_queries(len(few.captured_queries)):
        holder.get(url(world))


def test_other_childrens_events_are_not_shown(world: World, holder: Client) -> None:
    record("case.read", actor=world.nurse, child_id=world.child.pk + 1)

    html = holder.get(url(world)).content.decode()

    assert "Hanne" not in html


def test_an_unknown_event_code_gets_a_label_by_its_prefix(world: World, holder: Client) -> None:
    record("case.something_new", actor=world.holder, obj=world.case, child_id=world.child.pk)

    html = holder.get(url(world)).content.decode()

    assert "Arbeidet i stafettloggen" in html
    assert "case.something_new" not in html


class TestStoryS4:
    """S4: Emil's father withdraws consent for PPT. From that second the PPT
    adviser cannot open the case; the attempt is in the log; the rest of the
    collaboration goes on."""

    def test_it(self, world: World, holder: Client) -> None:
        ppt = world.consent(units=(world.ppt,))
        world.consent(units=(world.health_station,))
        adviser = logged_in_client(world.ppt_adviser)
        nurse = logged_in_client(world.nurse)
        why = f"/saker/{world.case.pk}/tilgang/"
        assert adviser.get(why).status_code == 200

        withdrawn = holder.post(
            f"/barn/{world.child.pk}/samtykke/{ppt.pk}/trekk-tilbake/",
            {"withdrawn_by": f"guardian_{world.father.pk}", "reason": "Vil ikke ha PPT inne"},
        )
        assert withdrawn.status_code == 302

        assert adviser.get(why).status_code == 404
        with pytest.raises(NotFound):
            get_case_for(world.ppt_adviser, world.case.pk)
        assert nurse.get(why).status_code == 200
        log = rows(holder.get(url(world)).content.decode())
        refused = [row for row in log if "Forsøkte å åpne (avvist)" in row]
        assert len(refused) == 2
        assert all("Per Testesen" in row and "PPT Melhus" in row for row in refused)
        assert all("Ingen tilgang" in row for row in refused)
        assert any("Registrerte at et samtykke ble trukket tilbake" in row for row in log)
        assert any("Hanne Testesen" in row and "Åpnet stafettloggen" in row for row in log)
        event = AuditEvent.objects.filter(action="case.denied").latest("id")
        assert event.changes == {"attempted": "case.read"}
        assert event.occurred_at > datetime.datetime(2000, 1, 1, tzinfo=OSLO)
