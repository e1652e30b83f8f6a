"""The consent pages: /barn/<id>/samtykke/, .../ny/ and .../<id>/trekk-tilbake/."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from rodtrad.audit.models import AuditEvent
from rodtrad.consent.actions import add_months
from rodtrad.consent.models import Consent, Decision
from rodtrad.people.models import Enrolment
from rodtrad.policy import Action, can
from tests.conftest import logged_in_client
from tests.consent.conftest import set_age
from tests.policy.conftest import World


def list_url(world: World) -> str:
    return f"/barn/{world.child.pk}/samtykke/"


def register_url(world: World) -> str:
    return f"/barn/{world.child.pk}/samtykke/ny/"


def withdraw_url(world: World, consent: Consent) -> str:
    return f"/barn/{world.child.pk}/samtykke/{consent.pk}/trekk-tilbake/"


def consent_form(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "purpose": "collaboration",
        "units": [str(world.ppt.pk)],
        "categories": ["observations_plans", "school"],
        f"guardian_{world.mother.pk}": "given",
        f"guardian_{world.father.pk}": "given",
        "method": "paper",
        "valid_from": "",
        "valid_to": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def holder(world: World) -> Client:
    return logged_in_client(world.holder)


def not_found_page(client: Client) -> bytes:
    response = client.get("/barn/999999/samtykke/")
    assert response.status_code == 404
    return response.content


OUTSIDERS = ["nurse", "skaun_nurse", "child_welfare_worker", "admin"]


class TestList:
    def test_it_lists_the_consents_in_plain_norwegian(self, world: World, holder: Client) -> None:
        world.consent(units=(world.ppt,))
        world.consent(units=(world.health_station,), withdrawn=True)
        world.consent(units=(world.ppt,), answers=((world.mother, Decision.REFUSED),))

        response = holder.get(list_url(world))

        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1" in html and "Samtykker for Emil Hansen" in html
        assert "Disse tjenestene kan delta og dele opplysninger" in html
        assert "Det er gitt til tjenestene, ikke til en bestemt ansatt." in html
        assert "Familien har sagt nei." in html
        for status in ("I kraft", "Trukket tilbake", "Avslått"):
            assert f">{status}</span>" in html
        assert "Alle foresatte med foreldreansvar må si ja: Jon Hansen, Maria Hansen." in html
        assert world.child.identity_number is not None
        assert world.child.identity_number not in html

    def test_only_consents_in_force_or_incomplete_can_be_withdrawn(
        self, world: World, holder: Client
    ) -> None:
        given = world.consent(units=(world.ppt,))
        withdrawn = world.consent(units=(world.ppt,), withdrawn=True)
        refused = world.consent(units=(world.ppt,), answers=((world.mother, Decision.REFUSED),))

        html = holder.get(list_url(world)).content.decode()

        assert withdraw_url(world, given) in html
        assert withdraw_url(world, withdrawn) not in html
        assert withdraw_url(world, refused) not in html

    def test_reading_it_is_audited_with_the_reason(self, world: World, holder: Client) -> None:
        holder.get(list_url(world))

        event = AuditEvent.objects.get(action="consent.read")
        assert (event.actor_id, event.child_id, event.reason) == (
            world.holder.pk,
            world.child.pk,
            "baton_holder",
        )

    def test_a_member_of_a_consented_unit_sees_it(self, world: World) -> None:
        world.consent(units=(world.health_station,))

        assert logged_in_client(world.nurse).get(list_url(world)).status_code == 200

    def test_an_employee_of_the_unit_the_child_attends_sees_it(self, world: World) -> None:
        Enrolment.objects.create(
            municipality=world.melhus,
            child=world.child,
            unit=world.kindergarten,
            starts_on=datetime.date(2024, 8, 1),
        )

        response = logged_in_client(world.kindergarten_colleague).get(list_url(world))

        assert response.status_code == 200
        assert AuditEvent.objects.get(action="consent.read").reason == "enrolled_unit"

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_anyone_else_gets_the_same_404_as_for_a_child_that_does_not_exist(
        self, world: World, who: str
    ) -> None:
        client = logged_in_client(getattr(world, who))

        response = client.get(list_url(world))

        assert response.status_code == 404
        assert response.content == not_found_page(client)
        assert not AuditEvent.objects.filter(action="consent.read").exists()

    def test_it_needs_login(self, world: World, client: Client) -> None:
        response = client.get(list_url(world))

        assert response.status_code == 302
        assert response["Location"].startswith("/logg-inn/")

    def test_it_refuses_post(self, world: World, holder: Client) -> None:
        assert holder.post(list_url(world)).status_code == 405

    def test_the_number_of_queries_does_not_grow_with_the_consents(
        self, world: World, holder: Client, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        world.consent(units=(world.ppt,))
        holder.get(list_url(world))  # warm the session
        with CaptureQueriesContext(connection) as one:
            holder.get(list_url(world))
        for _ in range(5):
            world.consent(units=(world.ppt, world.health_station))

        with django_assert_num_queries(len(one.captured_queries)):
            holder.get(list_url(world))


class TestRegister:
    def test_it_shows_an_accessible_form_with_the_municipalitys_defaults(
        self, world: World, holder: Client
    ) -> None:
        world.melhus.consent_validity_months = 6
        world.melhus.save()

        html = holder.get(register_url(world)).content.decode()

        assert "Registrer samtykke for Emil Hansen" in html
        assert "<legend" in html and "Hva gjelder samtykket?" in html
        assert "Svar fra Maria Hansen (mor)" in html
        assert "Svar fra Jon Hansen (far)" in html
        assert 'for="id_valid_to"' in html
        today = timezone.localdate()
        assert f'value="{add_months(today, 6).isoformat()}"' in html
        assert "Kommunens standard er 6 måneder." in html
        # Emil is four: his own answer is not asked for.
        assert 'name="youth"' not in html
        assert world.ppt.name in html and world.skaun_health_station.name not in html

    def test_from_the_voice_age_the_youths_answer_and_view_are_asked_for(
        self, world: World, holder: Client
    ) -> None:
        set_age(world, 12)

        html = holder.get(register_url(world)).content.decode()

        assert 'name="youth"' in html
        assert 'name="youth_view"' in html
        assert "Svar fra Emil selv" in html

    def test_it_registers_a_consent_that_takes_effect(self, world: World, holder: Client) -> None:
        response = holder.post(register_url(world), consent_form(world))

        assert response.status_code == 302
        assert response["Location"] == list_url(world)
        consent = Consent.objects.get()
        assert (consent.complete, consent.method, consent.categories) == (
            True,
            "paper",
            ["observations_plans", "school"],
        )
        assert list(consent.units.all()) == [world.ppt]
        assert consent.valid_from == timezone.localdate()
        assert AuditEvent.objects.filter(action="consent.registered").count() == 1
        assert can(world.ppt_adviser, Action.READ, world.case)
        page = holder.get(response["Location"]).content.decode()
        assert "Samtykket er registrert og gjelder." in page

    def test_it_registers_a_refusal(self, world: World, holder: Client) -> None:
        form = consent_form(world, **{f"guardian_{world.father.pk}": "refused"})

        response = holder.post(register_url(world), form, follow=True)

        assert Consent.objects.get().decision == Decision.REFUSED
        assert "Avslaget er registrert." in response.content.decode()

    def test_the_youth_consents_alone_from_the_consent_age(
        self, world: World, holder: Client
    ) -> None:
        set_age(world, 16)
        form = consent_form(
            world,
            youth="given",
            youth_view="Jeg vil at PPT skal hjelpe meg.",
            **{f"guardian_{world.mother.pk}": "", f"guardian_{world.father.pk}": ""},
        )

        holder.post(register_url(world), form)

        consent = Consent.objects.get()
        assert consent.complete
        assert consent.youth_view == "Jeg vil at PPT skal hjelpe meg."

    def test_it_shows_every_problem_in_norwegian_and_saves_nothing(
        self, world: World, holder: Client
    ) -> None:
        form = consent_form(
            world,
            units=None,
            categories=None,
            method=None,
            valid_from="32.13.2025",
            **{f"guardian_{world.mother.pk}": "", f"guardian_{world.father.pk}": ""},
        )

        response = holder.post(register_url(world), form)

        assert response.status_code == 422
        html = response.content.decode()
        assert "Rett dette for å gå videre. Ingenting ble lagret." in html
        for message in (
            "Velg minst én enhet eller type enhet.",
            "Velg hvilke opplysninger som kan deles.",
            "Registrer hvem som ga eller nektet samtykke.",
            "Velg hvordan samtykket ble gitt.",
            "Skriv datoen som dd.mm.åååå.",
        ):
            assert message in html
        assert 'href="#id_categories_0"' in html
        assert "<title>Feil:" in html
        assert not Consent.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="consent.registered").exists()

    def test_the_domains_rules_come_back_as_form_errors(self, world: World, holder: Client) -> None:
        form = consent_form(world, valid_from="2030-06-01", valid_to="2030-05-01")

        response = holder.post(register_url(world), form)

        assert response.status_code == 422
        assert "Sluttdatoen kan ikke være før startdatoen." in response.content.decode()
        assert not Consent.objects.exists()

    def test_a_unit_outside_the_childs_municipality_cannot_be_chosen(
        self, world: World, holder: Client
    ) -> None:
        form = consent_form(world, units=[str(world.skaun_health_station.pk)])

        response = holder.post(register_url(world), form)

        assert response.status_code == 422
        assert "Velg et gyldig valg" in response.content.decode()
        assert not Consent.objects.exists()

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_an_outsider_gets_404_and_nothing_is_saved(self, world: World, who: str) -> None:
        client = logged_in_client(getattr(world, who))

        assert client.get(register_url(world)).status_code == 404
        assert client.post(register_url(world), consent_form(world)).status_code == 404
        assert not Consent.objects.exists()

    def test_it_needs_login(self, world: World, client: Client) -> None:
        response = client.post(register_url(world), consent_form(world))

        assert response.status_code == 302
        assert not Consent.objects.exists()


class TestWithdraw:
    @pytest.fixture
    def consent(self, world: World) -> Consent:
        return world.consent(units=(world.ppt,))

    def form(self, world: World, **overrides: str) -> dict[str, str]:
        data = {"withdrawn_by": f"guardian_{world.father.pk}", "other": "", "reason": "Ønsker ikke"}
        data.update(overrides)
        return data

    def test_it_asks_for_confirmation_and_explains_what_happens(
        self, world: World, holder: Client, consent: Consent
    ) -> None:
        html = holder.get(withdraw_url(world, consent)).content.decode()

        assert "Trekk tilbake samtykke for Emil Hansen" in html
        assert "Tilbaketrekkingen gjelder med en gang" in html
        assert "Hvem trakk tilbake samtykket?" in html
        assert "Jon Hansen (far)" in html
        Consent.objects.get(pk=consent.pk, withdrawn_at__isnull=True)

    def test_it_withdraws_at_once(self, world: World, holder: Client, consent: Consent) -> None:
        assert can(world.ppt_adviser, Action.READ, world.case)

        response = holder.post(withdraw_url(world, consent), self.form(world))

        assert response.status_code == 302
        assert response["Location"] == f"{list_url(world)}#samtykke-{consent.pk}"
        consent.refresh_from_db()
        assert consent.withdrawn_by == "Jon Hansen (far)"
        assert consent.withdrawal_reason == "Ønsker ikke"
        assert not can(world.ppt_adviser, Action.READ, world.case)
        assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1
        page = holder.get(list_url(world)).content.decode()
        assert "Samtykket er trukket tilbake. Det gjelder ikke lenger." in page
        assert ">Trukket tilbake</span>" in page

    def test_someone_else_can_be_named(
        self, world: World, holder: Client, consent: Consent
    ) -> None:
        holder.post(
            withdraw_url(world, consent),
            self.form(world, withdrawn_by="other", other="Mormor, Eva Hansen"),
        )

        consent.refresh_from_db()
        assert consent.withdrawn_by == "Mormor, Eva Hansen"

    def test_with_htmx_it_answers_with_the_updated_card(
        self, world: World, holder: Client, consent: Consent
    ) -> None:
        form = holder.get(withdraw_url(world, consent), headers={"HX-Request": "true"})
        assert form.status_code == 200
        assert "<html" not in form.content.decode()
        assert f'id="samtykke-{consent.pk}"' in form.content.decode()

        response = holder.post(
            withdraw_url(world, consent), self.form(world), headers={"HX-Request": "true"}
        )

        assert response.status_code == 200
        html = response.content.decode()
        assert "<html" not in html
        assert f'id="samtykke-{consent.pk}"' in html
        assert ">Trukket tilbake</span>" in html
        assert 'role="status"' in html

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"withdrawn_by": ""}, "Skriv hvem som trakk tilbake samtykket."),
            (
                {"withdrawn_by": "other", "other": " "},
                "Skriv hvem som trakk tilbake samtykket, og hvilket forhold de har til barnet.",
            ),
            ({"withdrawn_by": "guardian_999999"}, "Skriv hvem som trakk tilbake samtykket."),
        ],
        ids=["nobody chosen", "someone else without a name", "not one of the choices"],
    )
    def test_bad_input_changes_nothing(
        self,
        world: World,
        holder: Client,
        consent: Consent,
        overrides: dict[str, str],
        message: str,
    ) -> None:
        response = holder.post(withdraw_url(world, consent), self.form(world, **overrides))

        assert response.status_code == 422
        assert message in response.content.decode()
        consent.refresh_from_db()
        assert consent.withdrawn_at is None

    def test_a_second_withdrawal_is_refused(
        self, world: World, holder: Client, consent: Consent
    ) -> None:
        holder.post(withdraw_url(world, consent), self.form(world))

        response = holder.post(withdraw_url(world, consent), self.form(world))

        assert response.status_code == 422
        assert "Samtykket er allerede trukket tilbake." in response.content.decode()
        assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1

    def test_a_consent_of_another_child_is_not_found_under_this_child(
        self, world: World, holder: Client, consent: Consent
    ) -> None:
        response = holder.get(f"/barn/{world.child.pk + 1}/samtykke/{consent.pk}/trekk-tilbake/")

        assert response.status_code == 404

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_an_outsider_gets_404_and_nothing_changes(
        self, world: World, consent: Consent, who: str
    ) -> None:
        client = logged_in_client(getattr(world, who))

        assert client.get(withdraw_url(world, consent)).status_code == 404
        assert client.post(withdraw_url(world, consent), self.form(world)).status_code == 404
        consent.refresh_from_db()
        assert consent.withdrawn_at is None
