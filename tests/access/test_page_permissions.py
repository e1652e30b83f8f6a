"""The permission matrix of the consent, access and access-log pages: every
page × the baton holder, a member of a unit the family's consent covers, a
member of a taking-part unit without consent, an employee of another
municipality, and someone not logged in. The feature files test each page in
depth; this one makes sure none is forgotten."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from rodtrad.access.actions import do_grant_emergency_access
from rodtrad.consent.models import Consent
from tests.conftest import logged_in_client
from tests.policy.conftest import World

ACTORS = ["holder", "consented", "without_consent", "other_municipality", "anonymous"]
REASON = "Akutt situasjon som ikke kan vente til i morgen."


@dataclass(frozen=True)
class Page:
    name: str
    method: str
    path: Callable[[World, Consent, int], str]
    expected: tuple[int, int, int, int, int]
    data: Callable[[World], dict[str, Any]] | None = None


def consent_form(world: World) -> dict[str, Any]:
    return {
        "purpose": "collaboration",
        "units": [str(world.ppt.pk)],
        "categories": ["health"],
        f"guardian_{world.mother.pk}": "given",
        "method": "oral",
    }


PAGES = [
    Page(
        "consents",
        "get",
        lambda w, c, g: f"/barn/{w.child.pk}/samtykke/",
        (200, 200, 404, 404, 302),
    ),
    Page(
        "register form",
        "get",
        lambda w, c, g: f"/barn/{w.child.pk}/samtykke/ny/",
        (200, 200, 404, 404, 302),
    ),
    Page(
        "register",
        "post",
        lambda w, c, g: f"/barn/{w.child.pk}/samtykke/ny/",
        (302, 302, 404, 404, 302),
        consent_form,
    ),
    Page(
        "withdraw form",
        "get",
        lambda w, c, g: f"/barn/{w.child.pk}/samtykke/{c.pk}/trekk-tilbake/",
        (200, 200, 404, 404, 302),
    ),
    Page(
        "withdraw",
        "post",
        lambda w, c, g: f"/barn/{w.child.pk}/samtykke/{c.pk}/trekk-tilbake/",
        (302, 302, 404, 404, 302),
        lambda w: {"withdrawn_by": f"guardian_{w.mother.pk}"},
    ),
    Page("why", "get", lambda w, c, g: f"/saker/{w.case.pk}/tilgang/", (200, 200, 404, 404, 302)),
    Page(
        "access log",
        "get",
        lambda w, c, g: f"/barn/{w.child.pk}/tilgangslogg/",
        (200, 404, 404, 404, 302),
    ),
    Page("emergency form", "get", lambda w, c, g: "/nodtilgang/", (200, 200, 200, 200, 302)),
    Page(
        "emergency",
        "post",
        lambda w, c, g: "/nodtilgang/",
        # Breaking the glass is for anyone in a unit serving the child's municipality.
        (302, 302, 302, 422, 302),
        lambda w: {"identity_number": w.child.identity_number, "reason": REASON},
    ),
    Page(
        "emergency grant (the nurse's)",
        "get",
        lambda w, c, g: f"/nodtilgang/{g}/",
        (404, 200, 404, 404, 302),
    ),
    Page("notifications", "get", lambda w, c, g: "/varsler/", (200, 200, 200, 200, 302)),
]


def client_for(world: World, actor: str) -> Client:
    users = {
        "holder": world.holder,
        "consented": world.nurse,
        "without_consent": world.ppt_adviser,
        "other_municipality": world.skaun_nurse,
    }
    return Client() if actor == "anonymous" else logged_in_client(users[actor])


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method.upper()} {p.name}")
def test_the_page_matrix(world: World, page: Page, actor: str) -> None:
    # The health station takes part with the family's consent; PPT without.
    world.consent(units=(world.health_station,))
    consent = world.consent(units=(world.kindergarten,))
    grant = do_grant_emergency_access(world.child.pk, actor=world.nurse, reason=REASON)
    client = client_for(world, actor)
    path = page.path(world, consent, grant.pk)

    if page.method == "get":
        response = client.get(path)
    else:
        response = client.post(path, page.data(world) if page.data else {})

    assert response.status_code == page.expected[ACTORS.index(actor)]
