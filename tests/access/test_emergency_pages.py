"""/nodtilgang/ (break the glass) and /nodtilgang/<id>/ (what the leader is sent to)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from rodtrad.access.models import EmergencyAccess
from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.organisation.models import Role
from tests.conftest import logged_in_client, make_user, valid_birth_number
from tests.policy.conftest import World

URL = "/nodtilgang/"
REASON = "Barnet er hentet av politiet i natt, trenger oversikt."


@pytest.fixture
def worker(world: World) -> Client:
    return logged_in_client(world.child_welfare_worker)


def form(world: World, **overrides: str) -> dict[str, str]:
    data = {"identity_number": world.child.identity_number or "", "reason": REASON}
    data.update(overrides)
    return data


class TestBreakTheGlass:
    def test_it_shows_an_accessible_form_that_warns(self, world: World, worker: Client) -> None:
        html = worker.get(URL).content.decode()

        assert "<h1" in html and "Nødtilgang" in html
        assert 'for="id_identity_number"' in html and 'for="id_reason"' in html
        assert "Lederen din får beskjed med en gang." in html

    def test_it_grants_access_and_shows_when_it_ends(self, world: World, worker: Client) -> None:
        leader = make_user("leder", world.child_welfare, Role.LEADER)

        response = worker.post(URL, form(world))

        grant = EmergencyAccess.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/nodtilgang/{grant.pk}/"
        assert (world.child.identity_number or "-") not in response["Location"]
        page = worker.get(response["Location"]).content.decode()
        expires = timezone.localtime(grant.expires_at)
        assert f"Du har nødtilgang til {expires:%d.%m.%Y} kl. {expires:%H:%M}." in page
        assert f"Nødtilgangen gjelder til {expires:%d.%m.%Y} kl. {expires:%H:%M}." in page
        assert f"/saker/{world.case.pk}/tilgang/" in page
        assert Notification.objects.get().recipient == leader
        assert AuditEvent.objects.filter(action="access.emergency_granted").count() == 1

    def test_the_number_may_be_written_with_spaces(self, world: World, worker: Client) -> None:
        number = world.child.identity_number or ""

        worker.post(URL, form(world, identity_number=f"{number[:6]} {number[6:]}"))

        assert EmergencyAccess.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"reason": "For kort"}, "Skriv hvorfor du trenger nødtilgang, med minst 20 tegn."),
            ({"reason": ""}, "Skriv hvorfor du trenger nødtilgang, med minst 20 tegn."),
            ({"identity_number": ""}, "Skriv barnets fødselsnummer."),
            ({"identity_number": "123"}, "Et fødselsnummer har nøyaktig 11 siffer."),
        ],
        ids=["short reason", "no reason", "no number", "too short a number"],
    )
    def test_bad_input_is_answered_in_norwegian_and_nothing_is_saved(
        self, world: World, worker: Client, overrides: dict[str, str], message: str
    ) -> None:
        response = worker.post(URL, form(world, **overrides))

        assert response.status_code == 422
        html = response.content.decode()
        assert message in html
        assert "Rett dette for å gå videre. Ingenting ble lagret." in html
        assert not EmergencyAccess.objects.exists()
        assert not Notification.objects.exists()

    def test_a_child_out_of_reach_looks_like_a_child_that_does_not_exist(
        self, world: World
    ) -> None:
        client = logged_in_client(world.skaun_nurse)

        out_of_reach = client.post(URL, form(world))
        missing = client.post(URL, form(world, identity_number=valid_birth_number(1, 1, 2018)))

        assert out_of_reach.status_code == missing.status_code == 422
        message = "Fant ikke noe barn med dette fødselsnummeret i kommunene du arbeider for."
        assert message in out_of_reach.content.decode()
        assert message in missing.content.decode()
        assert not EmergencyAccess.objects.exists()

    def test_the_identity_number_is_not_repeated_in_the_page(
        self, world: World, worker: Client
    ) -> None:
        response = worker.post(URL, form(world, reason="kort"))

        assert (
            world.child.identity_number or "-"
        ) in response.content.decode()  # the field keeps it
        assert (world.child.identity_number or "-") not in response.wsgi_request.get_full_path()

    def test_it_needs_login(self, world: World, client: Client) -> None:
        response = client.post(URL, form(world))

        assert response.status_code == 302
        assert not EmergencyAccess.objects.exists()


class TestTheGrantPage:
    @pytest.fixture
    def grant(self, world: World, worker: Client) -> EmergencyAccess:
        worker.post(URL, form(world))
        return EmergencyAccess.objects.get()

    def test_the_leader_of_the_unit_sees_who_why_and_until_when(
        self, world: World, grant: EmergencyAccess
    ) -> None:
        leader = make_user("leder", world.child_welfare, Role.LEADER)

        response = logged_in_client(leader).get(f"/nodtilgang/{grant.pk}/")

        assert response.status_code == 200
        html = response.content.decode()
        assert "Bruk av nødtilgang" in html
        assert str(world.child_welfare_worker) in html
        assert world.child_welfare.name in html
        assert "Emil Hansen" in html
        assert REASON in html
        assert "Som leder bør du sjekke at begrunnelsen holder" in html
        assert f"/saker/{world.case.pk}/" not in html  # the leader gets no door into the case
        event = AuditEvent.objects.get(action="access.emergency_read")
        assert (event.actor_id, event.child_id, event.reason) == (
            leader.pk,
            world.child.pk,
            "unit_leader",
        )

    def test_it_says_when_the_access_has_ended(
        self, world: World, grant: EmergencyAccess, worker: Client
    ) -> None:
        EmergencyAccess.objects.filter(pk=grant.pk).update(
            granted_at=grant.granted_at - datetime.timedelta(hours=4),
            expires_at=grant.expires_at - datetime.timedelta(hours=4),
        )

        html = worker.get(f"/nodtilgang/{grant.pk}/").content.decode()

        assert "Nødtilgangen sluttet" in html
        assert f"/saker/{world.case.pk}/tilgang/" not in html

    @pytest.mark.parametrize("who", ["leader", "holder", "admin", "nurse", "skaun_nurse"])
    def test_anyone_else_gets_the_same_404_as_for_a_missing_grant(
        self, world: World, grant: EmergencyAccess, who: str
    ) -> None:
        client = logged_in_client(getattr(world, who))

        refused = client.get(f"/nodtilgang/{grant.pk}/")
        missing = client.get(f"/nodtilgang/{grant.pk + 1000}/")

        assert refused.status_code == missing.status_code == 404
        assert refused.content == missing.content
        assert not AuditEvent.objects.filter(action="access.emergency_read").exists()
