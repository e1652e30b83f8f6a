"""/saker/<id>/tilgang/: "Hvorfor har jeg tilgang?" for a case."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from rodtrad.access.actions import do_grant_emergency_access
from rodtrad.audit.models import AuditEvent
from tests.conftest import logged_in_client
from tests.policy.conftest import World


def url(world: World) -> str:
    return f"/saker/{world.case.pk}/tilgang/"


def test_the_baton_holder_is_told_why_and_what_they_may_do(world: World) -> None:
    response = logged_in_client(world.holder).get(url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Hvorfor har jeg tilgang?" in html
    assert f"Stafettlogg {world.case.pk} for Emil Hansen." in html
    assert "Du er stafettholder for denne stafettloggen." in html
    assert "Lese stafettloggen: ja" in html
    assert "Endre nivå, overlevere stafetten, avslutte: ja" in html
    assert f"/barn/{world.child.pk}/tilgangslogg/" in html
    assert f"/barn/{world.child.pk}/samtykke/" in html


def test_the_leader_of_the_holders_unit(world: World) -> None:
    html = logged_in_client(world.leader).get(url(world)).content.decode()

    assert "Du er leder for enheten til stafettholderen." in html
    assert "Endre nivå, overlevere stafetten, avslutte: nei" in html


def test_a_consented_unit(world: World) -> None:
    world.consent(units=(world.health_station,))

    html = logged_in_client(world.nurse).get(url(world)).content.decode()

    assert "familiens samtykke omfatter enheten din" in html
    assert "Skrive notater, tiltak og evalueringer: ja" in html
    assert f"/barn/{world.child.pk}/tilgangslogg/" not in html  # the log is not theirs to see


def test_emergency_access_shows_when_it_ends(world: World) -> None:
    grant = do_grant_emergency_access(
        world.child.pk,
        actor=world.child_welfare_worker,
        reason="Akutt: barnet er hentet av politiet i natt.",
    )

    html = logged_in_client(world.child_welfare_worker).get(url(world)).content.decode()

    assert "Du har nødtilgang med skriftlig begrunnelse, til den utløper." in html
    assert "Skrive notater, tiltak og evalueringer: nei" in html
    expiry = timezone.localtime(grant.expires_at).strftime("%d.%m.%Y %H:%M")
    assert f"Nødtilgangen din slutter {expiry}." in html


def test_opening_it_is_audited_with_the_reason(world: World) -> None:
    logged_in_client(world.holder).get(url(world))

    event = AuditEvent.objects.get(action="case.read")
    assert (event.actor_id, event.child_id, event.reason) == (
        world.holder.pk,
        world.child.pk,
        "baton_holder",
    )


@pytest.mark.parametrize(
    "who", ["nurse", "ppt_adviser", "skaun_nurse", "child_welfare_worker", "admin"]
)
def test_anyone_without_a_reason_gets_the_same_404_as_for_a_missing_case(
    world: World, who: str
) -> None:
    client = logged_in_client(getattr(world, who))

    refused = client.get(url(world))
    missing = client.get(f"/saker/{world.case.pk + 1000}/tilgang/")

    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    event = AuditEvent.objects.get(action="case.denied")
    assert (event.actor_id, event.child_id) == (getattr(world, who).pk, world.child.pk)


def test_it_needs_login(world: World, client: Client) -> None:
    response = client.get(url(world))

    assert response.status_code == 302
    assert not AuditEvent.objects.exists()
