"""POST /api/v1/emergency-access: break the glass with a reason."""

from __future__ import annotations

import datetime

import pytest

from rodtrad.access.models import EmergencyAccess
from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.organisation.models import Role
from rodtrad.policy import Action, can
from tests.api.conftest import ApiClient, api_client_for
from tests.conftest import make_user
from tests.policy import conftest as policy_world
from tests.policy.conftest import World

world = policy_world.world

INVALID = "Forespørselen inneholder feil. Ingenting ble lagret."
REASON = "Akutt situasjon: barnet er hentet av politiet i natt."


@pytest.fixture
def worker(world: World) -> ApiClient:
    return api_client_for(world.child_welfare_worker)


def test_it_grants_read_access_until_expires_at(world: World, worker: ApiClient) -> None:
    world.melhus.emergency_access_hours = 2
    world.melhus.save()
    leader = make_user("leder", world.child_welfare, Role.LEADER)

    response = worker.post("/emergency-access", {"child": world.child.pk, "reason": REASON})

    assert response.status_code == 201
    data = response.json()
    grant = EmergencyAccess.objects.get()
    assert data["id"] == grant.pk
    assert (data["child"], data["unit"], data["reason"]) == (
        world.child.pk,
        world.child_welfare.pk,
        REASON,
    )
    granted = datetime.datetime.fromisoformat(data["granted_at"])
    expires = datetime.datetime.fromisoformat(data["expires_at"])
    assert expires - granted == datetime.timedelta(hours=2)
    assert can(world.child_welfare_worker, Action.READ, world.case)
    assert Notification.objects.get().recipient == leader
    assert AuditEvent.objects.filter(action="access.emergency_granted").count() == 1


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"reason": "Haster"},
            {"reason": ["Skriv hvorfor du trenger nødtilgang, med minst 20 tegn."]},
        ),
        ({"reason": None}, {"reason": ["Skriv inn tekst."]}),
        ({"child": "Emil"}, {"child": ["Oppgi et heltall."]}),
        ({"until": "2099-01-01"}, {"until": ["Ukjent felt."]}),
    ],
    ids=["short reason", "null reason", "child is not an id", "unknown field"],
)
def test_bad_input_is_answered_in_norwegian_and_nothing_is_saved(
    world: World, worker: ApiClient, payload: dict[str, object], errors: dict[str, list[str]]
) -> None:
    response = worker.post(
        "/emergency-access", {"child": world.child.pk, "reason": REASON, **payload}
    )

    assert response.status_code == 422
    assert response.json() == {"detail": INVALID, "errors": errors}
    assert not EmergencyAccess.objects.exists()
    assert not Notification.objects.exists()


def test_a_child_out_of_reach_looks_like_one_that_does_not_exist(world: World) -> None:
    client = api_client_for(world.skaun_nurse)

    out_of_reach = client.post("/emergency-access", {"child": world.child.pk, "reason": REASON})
    missing = client.post("/emergency-access", {"child": world.child.pk + 1000, "reason": REASON})

    assert out_of_reach.status_code == missing.status_code == 422
    assert (
        out_of_reach.json()
        == missing.json()
        == {
            "detail": INVALID,
            "errors": {"child": ["Fant ikke barnet."]},
        }
    )
    assert not EmergencyAccess.objects.exists()


def test_it_needs_a_token(world: World, anonymous_api: ApiClient) -> None:
    response = anonymous_api.post("/emergency-access", {"child": world.child.pk, "reason": REASON})

    assert response.status_code == 401
    assert not EmergencyAccess.objects.exists()
