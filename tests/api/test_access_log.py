"""GET /api/v1/children/{id}/access-log: who opened the child's data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from rodtrad.audit.log import record
from rodtrad.audit.models import AuditEvent
from rodtrad.policy import NotFound, get_case_for
from tests.api.conftest import ApiClient, api_client_for
from tests.conftest import make_user
from tests.policy import conftest as policy_world
from tests.policy.conftest import World

world = policy_world.world


def path(world: World) -> str:
    return f"/children/{world.child.pk}/access-log"


@pytest.fixture
def holder(world: World) -> ApiClient:
    return api_client_for(world.holder)


def test_it_lists_who_what_when_and_why_newest_first(world: World, holder: ApiClient) -> None:
    get_case_for(world.holder, world.case.pk)
    with pytest.raises(NotFound):
        get_case_for(world.ppt_adviser, world.case.pk)

    response = holder.get(path(world))

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    viewing, refused, opened = data["items"]
    assert viewing["action"] == "audit.access_log_read"
    assert refused == {
        "occurred_at": refused["occurred_at"],
        "actor": world.ppt_adviser.pk,
        "actor_name": "Per Testesen",
        "actor_units": ["PPT Melhus"],
        "action": "case.denied",
        "action_label": "Forsøkte å åpne (avvist)",
        "reason": "",
        "reason_label": "Ingen tilgang",
        "object_type": "cases.case",
        "object_id": str(world.case.pk),
    }
    assert (opened["action_label"], opened["reason_label"]) == (
        "Åpnet stafettloggen",
        "Stafettholder",
    )


def test_labels_follow_the_requested_language(world: World) -> None:
    client = api_client_for(world.holder, language="en")

    [item] = client.get(path(world)).json()["items"]

    assert (item["action_label"], item["reason_label"]) == (
        "Looked at the access log",
        "Follows up the child's relay log or registers",
    )


def test_every_read_is_itself_logged(world: World, holder: ApiClient) -> None:
    holder.get(path(world))
    holder.get(path(world))

    assert AuditEvent.objects.filter(action="audit.access_log_read").count() == 2


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_the_holders_leader_and_the_administrator_may_read_it(world: World, who: str) -> None:
    assert api_client_for(getattr(world, who)).get(path(world)).status_code == 200


@pytest.mark.parametrize("who", ["nurse", "ppt_adviser", "skaun_nurse", "kindergarten_colleague"])
def test_anyone_else_gets_the_same_404_as_for_a_missing_child(world: World, who: str) -> None:
    world.consent(units=(world.health_station, world.ppt))
    client = api_client_for(getattr(world, who))

    refused = client.get(path(world))
    missing = client.get(f"/children/{world.child.pk + 1000}/access-log")

    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json() == {"detail": "Fant ikke barnet.", "errors": {}}
    assert AuditEvent.objects.filter(action="audit.access_log_denied").count() == 1


def test_it_needs_a_token(world: World, anonymous_api: ApiClient) -> None:
    assert anonymous_api.get(path(world)).status_code == 401


def test_it_pages(world: World, holder: ApiClient) -> None:
    for _ in range(5):
        record("case.read", actor=world.holder, obj=world.case, child_id=world.child.pk)

    data = holder.get(path(world), page=2, page_size=4).json()

    assert data["count"] == 6
    assert len(data["items"]) == 2


def test_the_number_of_queries_does_not_grow_with_the_page(
    world: World, holder: ApiClient, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with CaptureQueriesContext(connection) as few:
        holder.get(path(world))
    for name in ("a", "b", "c"):
        record("case.denied", actor=make_user(f"x{name}", world.ppt), child_id=world.child.pk)

    with django_assert_num_queries(len(few.captured_queries)):
        holder.get(path(world))
