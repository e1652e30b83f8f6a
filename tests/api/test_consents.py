"""/api/v1/consents: register, withdraw, list a child's consents."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import Case
from rodtrad.consent.models import Consent, Decision
from rodtrad.policy import Action, can
from tests.api.conftest import ApiClient, api_client_for
from tests.conftest import nb
from tests.consent.conftest import set_age
from tests.policy import conftest as policy_world
from tests.policy.conftest import World

world = policy_world.world

INVALID = "Forespørselen inneholder feil. Ingenting ble lagret."
OUTSIDERS = ["nurse", "skaun_nurse", "child_welfare_worker", "admin"]


def body(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "child": world.child.pk,
        "purpose": "collaboration",
        "units": [world.ppt.pk],
        "unit_kinds": [],
        "categories": ["observations_plans"],
        "answers": [
            {"guardian": world.mother.pk, "decision": "given"},
            {"guardian": world.father.pk, "decision": "given"},
        ],
        "method": "paper",
    }
    data.update(overrides)
    return data


@pytest.fixture
def holder(world: World) -> ApiClient:
    return api_client_for(world.holder)


class TestCreate:
    def test_it_registers_a_consent_in_force(self, world: World, holder: ApiClient) -> None:
        response = holder.post("/consents", body(world, unit_kinds=["health_station"]))

        assert response.status_code == 201
        data = response.json()
        consent = Consent.objects.get()
        assert data["id"] == consent.pk
        assert (data["in_force"], data["status"], data["decision"]) == (True, "in_force", "given")
        assert data["units"] == [{"id": world.ppt.pk, "name": "PPT Melhus"}]
        assert data["unit_kinds"] == ["health_station"]
        assert data["valid_from"] == timezone.localdate().isoformat()
        assert data["documented_by"] == "Kari Testesen"
        assert {a["guardian"] for a in data["answers"]} == {world.mother.pk, world.father.pk}
        assert data["description"][0].startswith("Disse tjenestene kan delta og dele")
        assert AuditEvent.objects.filter(action="consent.registered").count() == 1
        assert can(world.ppt_adviser, Action.READ, world.case)

    def test_a_refusal_is_recorded(self, world: World, holder: ApiClient) -> None:
        answers = [{"guardian": world.mother.pk, "decision": "refused"}]

        data = holder.post("/consents", body(world, answers=answers)).json()

        assert (data["decision"], data["status"], data["in_force"]) == ("refused", "refused", False)
        assert data["description"][0] == (
            "Familien har sagt nei. Ingenting kan deles på grunnlag av dette svaret."
        )

    def test_the_youth_answers_with_a_null_guardian(self, world: World, holder: ApiClient) -> None:
        set_age(world, 16)
        answers = [{"guardian": None, "decision": "given"}]

        data = holder.post("/consents", body(world, answers=answers, youth_view="Ja")).json()

        assert data["in_force"] is True
        assert data["youth_view"] == "Ja"
        assert data["answers"] == [{"guardian": None, "name": "", "decision": "given"}]

    def test_it_can_be_limited_to_one_relay_log(self, world: World, holder: ApiClient) -> None:
        data = holder.post("/consents", body(world, case=world.case.pk)).json()

        assert data["case"] == world.case.pk

    @pytest.mark.parametrize(
        ("overrides", "errors"),
        [
            ({"categories": []}, {"categories": ["Velg hvilke opplysninger som kan deles."]}),
            (
                {"units": [], "unit_kinds": []},
                {"units": ["Velg minst én enhet eller type enhet."]},
            ),
            ({"answers": []}, {"answers": ["Registrer hvem som ga eller nektet samtykke."]}),
            (
                {"valid_from": "2030-06-01", "valid_to": "2030-05-01"},
                {"valid_to": ["Sluttdatoen kan ikke være før startdatoen."]},
            ),
            (
                {"answers": [{"guardian": None, "decision": "given"}]},
                {
                    "answers": [
                        "Barnet er for ungt til å svare selv. Skriv barnets mening i stafettloggen."
                    ]
                },
            ),
            ({"units": [999999]}, {"units": ["Fant ikke enheten."]}),
            ({"case": 999999}, {"case": ["Fant ikke stafettloggen."]}),
            ({"purpose": "gossip"}, {"purpose": ["Velg en av de tillatte verdiene."]}),
            ({"method": None}, {"method": ["Velg en av de tillatte verdiene."]}),
            ({"shared_with": "everyone"}, {"shared_with": ["Ukjent felt."]}),
        ],
        ids=[
            "no categories",
            "no units",
            "no answers",
            "ends before it starts",
            "a four-year-old's own answer",
            "unknown unit",
            "unknown relay log",
            "unknown purpose",
            "null method",
            "unknown field",
        ],
    )
    def test_bad_input_is_answered_in_norwegian_and_nothing_is_saved(
        self,
        world: World,
        holder: ApiClient,
        overrides: dict[str, Any],
        errors: dict[str, list[str]],
    ) -> None:
        response = holder.post("/consents", body(world, **overrides))

        assert response.status_code == 422
        assert response.json() == {"detail": INVALID, "errors": errors}
        assert not Consent.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="consent.").exists()

    def test_a_unit_of_another_municipality_is_not_found(
        self, world: World, holder: ApiClient
    ) -> None:
        response = holder.post("/consents", body(world, units=[world.skaun_health_station.pk]))

        assert response.json()["errors"] == {"units": ["Fant ikke enheten."]}

    def test_a_relay_log_of_another_child_is_not_found(
        self, world: World, holder: ApiClient
    ) -> None:
        other = Case.objects.create(
            municipality=world.melhus,
            child=world.child,
            holder=world.leader,
            holder_unit=world.health_station,
        )
        response = holder.post("/consents", body(world, case=other.pk))

        # Kari may not open that relay log: it does not exist for her.
        assert response.json()["errors"] == {"case": ["Fant ikke stafettloggen."]}

    def test_a_guardian_of_another_child_is_refused(self, world: World, holder: ApiClient) -> None:
        from rodtrad.people.models import Guardian

        stranger = Guardian.objects.create(
            municipality=world.melhus, given_name="Fremmed", family_name="Person"
        )
        answers = [{"guardian": stranger.pk, "decision": "given"}]

        response = holder.post("/consents", body(world, answers=answers))

        assert response.json()["errors"] == {"answers": ["Bare barnets egne foresatte kan svare."]}

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_a_child_out_of_reach_looks_like_one_that_does_not_exist(
        self, world: World, who: str
    ) -> None:
        client = api_client_for(getattr(world, who))

        out_of_reach = client.post("/consents", body(world))
        missing = client.post("/consents", body(world, child=world.child.pk + 1000))

        assert out_of_reach.status_code == missing.status_code == 422
        assert (
            out_of_reach.json()
            == missing.json()
            == {
                "detail": INVALID,
                "errors": {"child": ["Fant ikke barnet."]},
            }
        )
        assert not Consent.objects.exists()

    def test_it_needs_a_token(self, world: World, anonymous_api: ApiClient) -> None:
        assert anonymous_api.post("/consents", body(world)).status_code == 401
        assert not Consent.objects.exists()


class TestWithdraw:
    @pytest.fixture
    def consent(self, world: World) -> Consent:
        return world.consent(units=(world.ppt,))

    def test_it_withdraws_at_once(self, world: World, holder: ApiClient, consent: Consent) -> None:
        assert can(world.ppt_adviser, Action.READ, world.case)

        response = holder.post(
            f"/consents/{consent.pk}/withdraw",
            {"withdrawn_by": "Jon Hansen (far)", "reason": "Vil ikke"},
        )

        assert response.status_code == 200
        data = response.json()
        assert (data["status"], data["in_force"], data["withdrawn_by"]) == (
            "withdrawn",
            False,
            "Jon Hansen (far)",
        )
        assert data["withdrawn_at"] is not None
        assert not can(world.ppt_adviser, Action.READ, world.case)
        assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1

    def test_a_second_withdrawal_is_refused(
        self, world: World, holder: ApiClient, consent: Consent
    ) -> None:
        holder.post(f"/consents/{consent.pk}/withdraw", {"withdrawn_by": "Jon Hansen"})

        response = holder.post(f"/consents/{consent.pk}/withdraw", {"withdrawn_by": "Maria"})

        assert response.status_code == 422
        assert response.json() == {
            "detail": INVALID,
            "errors": {"__all__": ["Samtykket er allerede trukket tilbake."]},
        }
        assert Consent.objects.get(pk=consent.pk).withdrawn_by == "Jon Hansen"

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"withdrawn_by": " "}, {"withdrawn_by": ["Skriv hvem som trakk tilbake samtykket."]}),
            ({}, {"withdrawn_by": [nb("This field is required.")]}),
        ],
        ids=["blank", "missing"],
    )
    def test_it_needs_to_know_who(
        self,
        world: World,
        holder: ApiClient,
        consent: Consent,
        payload: dict[str, str],
        errors: dict[str, list[str]],
    ) -> None:
        response = holder.post(f"/consents/{consent.pk}/withdraw", payload)

        assert response.status_code == 422
        assert response.json()["errors"] == errors
        assert Consent.objects.get(pk=consent.pk).withdrawn_at is None

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_out_of_reach_looks_like_a_consent_that_does_not_exist(
        self, world: World, consent: Consent, who: str
    ) -> None:
        client = api_client_for(getattr(world, who))

        out_of_reach = client.post(f"/consents/{consent.pk}/withdraw", {"withdrawn_by": "X"})
        missing = client.post(f"/consents/{consent.pk + 1000}/withdraw", {"withdrawn_by": "X"})

        assert out_of_reach.status_code == missing.status_code == 404
        assert out_of_reach.json() == missing.json() == {"detail": "Ikke funnet.", "errors": {}}
        assert Consent.objects.get(pk=consent.pk).withdrawn_at is None


class TestList:
    def test_it_lists_the_childs_consents_with_in_force_and_description(
        self, world: World, holder: ApiClient
    ) -> None:
        current = world.consent(units=(world.ppt,))
        old = world.consent(units=(world.health_station,), withdrawn=True)

        response = holder.get("/consents", child=world.child.pk)

        assert response.status_code == 200
        data = response.json()
        assert data["count"] == 2
        by_id = {item["id"]: item for item in data["items"]}
        assert by_id[current.pk]["in_force"] is True
        assert by_id[old.pk]["in_force"] is False
        assert by_id[old.pk]["status"] == "withdrawn"
        assert any("ble trukket tilbake" in s for s in by_id[old.pk]["description"])

    def test_the_description_follows_the_requested_language(self, world: World) -> None:
        world.consent(units=(world.ppt,))
        client = api_client_for(world.holder, language="en")

        [item] = client.get("/consents", child=world.child.pk).json()["items"]

        assert item["description"][3] == "It is given to the services, not to a named employee."

    def test_reading_is_audited(self, world: World, holder: ApiClient) -> None:
        holder.get("/consents", child=world.child.pk)

        event = AuditEvent.objects.get(action="consent.read")
        assert (event.actor_id, event.child_id, event.reason) == (
            world.holder.pk,
            world.child.pk,
            "baton_holder",
        )

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_a_child_out_of_reach_looks_like_one_that_does_not_exist(
        self, world: World, who: str
    ) -> None:
        world.consent(units=(world.ppt,))
        client = api_client_for(getattr(world, who))

        out_of_reach = client.get("/consents", child=world.child.pk)
        missing = client.get("/consents", child=world.child.pk + 1000)

        assert out_of_reach.status_code == missing.status_code == 404
        assert (
            out_of_reach.json()
            == missing.json()
            == {
                "detail": "Fant ikke barnet.",
                "errors": {},
            }
        )

    def test_the_child_is_required(self, world: World, holder: ApiClient) -> None:
        response = holder.get("/consents")

        assert response.status_code == 422
        assert response.json()["errors"] == {"child": [nb("This field is required.")]}

    def test_the_number_of_queries_does_not_grow_with_the_consents(
        self, world: World, holder: ApiClient, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        world.consent(units=(world.ppt,))
        with CaptureQueriesContext(connection) as one:
            holder.get("/consents", child=world.child.pk)
        for _ in range(4):
            world.consent(
                units=(world.ppt, world.health_station),
                answers=((world.mother, Decision.GIVEN), (world.father, Decision.REFUSED)),
            )

        with django_assert_num_queries(len(one.captured_queries)):
            assert holder.get("/consents", child=world.child.pk).json()["count"] == 5
