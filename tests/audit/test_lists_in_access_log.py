"""A child's access log shows who saw the child named in a list (a search,
Mine saker, a page of a register or of the API), and no list that did not
name the child. One event per list names every child on it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from rodtrad.audit.access_log import read_access_log
from rodtrad.audit.log import record_list
from rodtrad.audit.models import AuditEvent
from rodtrad.people.models import Child, Enrolment, Family
from rodtrad.people.search import search_children
from tests.api.conftest import api_client_for
from tests.conftest import logged_in_client, valid_birth_number
from tests.policy import conftest as policy_world
from tests.policy.conftest import World

world = policy_world.world


def another_child(world: World, given_name: str) -> Child:
    return Child.objects.create(
        municipality=world.melhus,
        identity_number=valid_birth_number(1, 5, 2020 if given_name == "Ola" else 2019),
        given_name=given_name,
        family_name="Nordmann",
        birth_date=datetime.date(2020, 5, 1),
    )


def logged(world: World, child: Child) -> list[tuple[str, int | None]]:
    """(action, actor) of each event in the child's access log, but the reading
    of the log itself."""
    _, events = read_access_log(child.pk, actor=world.admin)
    return [(e.action, e.actor_id) for e in events if not e.action.startswith("audit.")]


def test_a_list_is_in_the_log_of_each_child_it_named_and_of_no_other(world: World) -> None:
    ola, kari = another_child(world, "Ola"), another_child(world, "Kari")

    record_list("child.listed", actor=world.admin, child_ids=[world.child.pk, ola.pk, None])

    assert logged(world, world.child) == [("child.listed", world.admin.pk)]
    assert logged(world, ola) == [("child.listed", world.admin.pk)]
    assert logged(world, kari) == []


def test_the_log_keeps_the_childs_own_events_beside_the_lists(world: World) -> None:
    search_children(world.holder, "Emil")
    search_children(world.holder, "Nobody")

    assert logged(world, world.child) == [("child.searched", world.holder.pk)]
    [found, nothing] = AuditEvent.objects.filter(action="child.searched").order_by("id")
    assert (found.changes["children"], nothing.changes["children"]) == ([world.child.pk], [])


def test_mine_saker_is_in_the_access_log_page_in_norwegian(world: World) -> None:
    holder = logged_in_client(world.holder)
    assert holder.get("/").status_code == 200

    html = holder.get(f"/barn/{world.child.pk}/tilgangslogg/").content.decode()

    assert "Så stafettloggen i en liste" in html
    assert "Kan åpne stafettloggen (listen Mine saker)" in html


def test_a_page_of_relay_logs_from_the_api_names_their_children(world: World) -> None:
    response = api_client_for(world.holder).get("/cases")

    assert [item["id"] for item in response.json()["items"]] == [world.case.pk]
    event = AuditEvent.objects.get(action="case.listed", actor=world.holder)
    assert event.changes == {"shown": [world.case.pk], "children": [world.child.pk]}
    assert event.reason == "visible_cases"
    assert logged(world, world.child) == [("case.listed", world.holder.pk)]


def test_an_employee_who_may_open_no_relay_log_lists_none_and_nothing_is_recorded(
    world: World,
) -> None:
    response = api_client_for(world.skaun_nurse).get("/cases")

    assert response.json() == {"items": [], "count": 0}
    assert not AuditEvent.objects.filter(action="case.listed").exists()


@pytest.fixture
def registered(world: World) -> World:
    """The child also has a family and a kindergarten place in the registers."""
    family = Family.objects.create(municipality=world.melhus, name="Familien Hansen")
    family.children.add(world.child)
    Enrolment.objects.create(
        municipality=world.melhus,
        child=world.child,
        unit=world.kindergarten,
        starts_on=datetime.date(2023, 8, 1),
    )
    return world


REGISTER_LISTS = [
    ("children", "child.listed"),
    ("guardians", "guardian.listed"),
    ("families", "family.listed"),
    ("enrolments", "enrolment.listed"),
]


@pytest.mark.parametrize(("path", "action"), REGISTER_LISTS)
def test_a_page_of_a_register_from_the_api_names_its_children(
    registered: World, path: str, action: str
) -> None:
    world = registered
    ola = another_child(world, "Ola")  # in the register, but on no guardian, family or place

    response = api_client_for(world.admin).get(f"/{path}")

    assert response.status_code == 200 and response.json()["count"] >= 1
    event = AuditEvent.objects.get(action=action, actor=world.admin)
    assert world.child.pk in event.changes["children"]
    assert event.changes["shown"] == [item["id"] for item in response.json()["items"]]
    assert (action, world.admin.pk) in logged(world, world.child)
    assert ((action, world.admin.pk) in logged(world, ola)) == (path == "children")


@pytest.mark.parametrize(("path", "action"), REGISTER_LISTS)
def test_someone_who_administers_no_register_lists_nothing_and_nothing_is_recorded(
    registered: World, path: str, action: str
) -> None:
    response = api_client_for(registered.holder).get(f"/{path}")

    assert response.json() == {"items": [], "count": 0}
    assert not AuditEvent.objects.filter(action=action).exists()


ADMIN_LISTS = [
    ("/admin/people/child/", "child.listed"),
    ("/admin/people/guardian/", "guardian.listed"),
    ("/admin/people/family/", "family.listed"),
    ("/admin/people/enrolment/", "enrolment.listed"),
]


@pytest.mark.parametrize(("url", "action"), ADMIN_LISTS)
def test_a_page_of_a_register_in_the_admin_pages_names_its_children(
    registered: World, url: str, action: str
) -> None:
    response = logged_in_client(registered.admin).get(url)

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=action, actor=registered.admin)
    assert registered.child.pk in event.changes["children"]
    assert (action, registered.admin.pk) in logged(registered, registered.child)


@pytest.mark.parametrize(("url", "action"), ADMIN_LISTS)
def test_the_admin_pages_refuse_an_employee_and_record_no_list(
    registered: World, url: str, action: str
) -> None:
    client: Client = logged_in_client(registered.holder)

    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=action).exists()
