"""do_register_consent and do_withdraw_consent, without HTTP."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import Case
from rodtrad.consent.actions import add_months, do_register_consent, do_withdraw_consent
from rodtrad.consent.models import (
    Consent,
    ConsentParty,
    Decision,
    InformationCategory,
    Method,
    Purpose,
)
from rodtrad.consent.rules import Answer
from rodtrad.organisation.models import UnitKind
from rodtrad.people.models import Child, Guardian
from rodtrad.policy import Action, NotFound, can
from tests.conftest import valid_birth_number
from tests.consent.conftest import set_age
from tests.policy.conftest import World

GIVEN, REFUSED = Decision.GIVEN, Decision.REFUSED


def register(world: World, actor: User | None = None, **overrides: Any) -> Consent:
    arguments: dict[str, Any] = {
        "actor": actor or world.holder,
        "purpose": Purpose.COLLABORATION,
        "answers": [Answer(world.mother.pk, GIVEN), Answer(world.father.pk, GIVEN)],
        "categories": [InformationCategory.OBSERVATIONS_AND_PLANS],
        "method": Method.PAPER,
        "units": [world.ppt],
    }
    arguments.update(overrides)
    return do_register_consent(world.child.pk, **arguments)


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in texts] for field, texts in error.message_dict.items()}


class TestRegister:
    def test_both_guardians_make_it_complete_and_open_the_case_to_the_unit(
        self, world: World
    ) -> None:
        assert not can(world.ppt_adviser, Action.READ, world.case)

        consent = register(world)

        assert (consent.decision, consent.complete, consent.is_in_force()) == (GIVEN, True, True)
        assert list(consent.units.all()) == [world.ppt]
        assert consent.documented_by == world.holder
        assert sorted(consent.parties.values_list("guardian_id", "decision")) == sorted(
            [(world.mother.pk, GIVEN), (world.father.pk, GIVEN)]
        )
        assert can(world.ppt_adviser, Action.READ, world.case)

    def test_only_one_of_two_guardians_is_registered_but_does_not_apply(self, world: World) -> None:
        consent = register(world, answers=[Answer(world.mother.pk, GIVEN)])

        assert (consent.decision, consent.complete, consent.is_in_force()) == (GIVEN, False, False)
        assert not can(world.ppt_adviser, Action.READ, world.case)

    def test_from_the_consent_age_the_youth_alone_is_enough(self, world: World) -> None:
        set_age(world, 16)

        consent = register(world, answers=[Answer(None, GIVEN)], youth_view="Greit for meg.")

        assert consent.complete
        assert consent.youth_view == "Greit for meg."
        assert consent.parties.get().is_child

    def test_from_the_consent_age_the_guardians_alone_are_not_enough(self, world: World) -> None:
        set_age(world, 16)

        consent = register(world)

        assert not consent.complete

    def test_the_consent_age_is_configurable(self, world: World) -> None:
        world.melhus.youth_consent_age = 15
        world.melhus.save()
        set_age(world, 15)

        assert register(world, answers=[Answer(None, GIVEN)]).complete

    def test_between_the_voice_age_and_the_consent_age_the_youths_voice_is_recorded(
        self, world: World
    ) -> None:
        set_age(world, 13)

        consent = register(
            world,
            answers=[
                Answer(world.mother.pk, GIVEN),
                Answer(world.father.pk, GIVEN),
                Answer(None, GIVEN),
            ],
        )

        assert consent.complete
        assert consent.parties.filter(is_child=True).exists()

    def test_a_youths_own_answer_below_the_voice_age_is_refused(self, world: World) -> None:
        set_age(world, 11)

        with pytest.raises(ValidationError) as caught:
            register(world, answers=[Answer(world.mother.pk, GIVEN), Answer(None, GIVEN)])

        assert "answers" in caught.value.message_dict
        assert not Consent.objects.exists()

    def test_a_guardian_who_is_not_the_childs_is_refused(self, world: World) -> None:
        stranger = Guardian.objects.create(
            municipality=world.melhus, given_name="Fremmed", family_name="Person"
        )

        with pytest.raises(ValidationError) as caught:
            register(world, answers=[Answer(stranger.pk, GIVEN), Answer(world.father.pk, GIVEN)])

        assert messages(caught.value) == {"answers": ["Bare barnets egne foresatte kan svare."]}
        assert not Consent.objects.exists()

    def test_a_refusal_is_recorded_as_a_consent_with_decision_refused(self, world: World) -> None:
        consent = register(
            world, answers=[Answer(world.mother.pk, GIVEN), Answer(world.father.pk, REFUSED)]
        )

        assert consent.decision == REFUSED
        assert not consent.is_in_force()
        assert ConsentParty.objects.filter(consent=consent, decision=REFUSED).count() == 1
        event = AuditEvent.objects.get(action="consent.refused")
        assert (event.child_id, event.object_id) == (world.child.pk, str(consent.pk))

    def test_it_writes_an_audit_event_with_what_changed_and_why(self, world: World) -> None:
        consent = register(world, unit_kinds=[UnitKind.HEALTH_STATION])

        event = AuditEvent.objects.get(action="consent.registered")
        assert event.actor_id == world.holder.pk
        assert event.object_type == "consent.consent"
        assert event.object_id == str(consent.pk)
        assert event.child_id == world.child.pk
        assert event.municipality_id == world.melhus.pk
        assert event.reason == "baton_holder"
        assert event.changes["units"] == [None, [world.ppt.pk]]
        assert event.changes["unit_kinds"] == [None, ["health_station"]]
        assert event.changes["complete"] == [None, True]

    def test_the_validity_defaults_to_the_municipalitys_months(self, world: World) -> None:
        world.melhus.consent_validity_months = 6
        world.melhus.save()

        consent = register(world)

        today = timezone.localdate()
        assert (consent.valid_from, consent.valid_to) == (today, add_months(today, 6))

    def test_it_takes_a_chosen_period(self, world: World) -> None:
        start, end = datetime.date(2030, 1, 1), datetime.date(2030, 6, 30)

        consent = register(world, valid_from=start, valid_to=end)

        assert (consent.valid_from, consent.valid_to) == (start, end)
        assert not consent.is_in_force()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"units": [], "unit_kinds": []}, "units"),
            ({"categories": []}, "categories"),
            ({"answers": []}, "answers"),
            (
                {
                    "valid_from": datetime.date(2030, 6, 1),
                    "valid_to": datetime.date(2030, 5, 31),
                },
                "valid_to",
            ),
        ],
        ids=["no units", "no categories", "no answers", "ends before it starts"],
    )
    def test_bad_input_saves_nothing(
        self, world: World, overrides: dict[str, Any], field: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            register(world, **overrides)

        assert field in caught.value.message_dict
        assert not Consent.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="consent.").exists()

    def test_a_relay_log_of_another_child_is_refused(self, world: World) -> None:
        other = Child.objects.create(
            municipality=world.melhus,
            identity_number=valid_birth_number(1, 1, 2019),
            given_name="Ola",
            family_name="Olsen",
            birth_date=datetime.date(2019, 1, 1),
        )
        other_case = Case.objects.create(
            municipality=world.melhus,
            child=other,
            holder=world.holder,
            holder_unit=world.kindergarten,
        )

        with pytest.raises(ValidationError) as caught:
            register(world, case=other_case)

        assert "case" in caught.value.message_dict

    @pytest.mark.parametrize(
        "who", ["nurse", "skaun_nurse", "child_welfare_worker", "admin"], ids=str
    )
    def test_someone_who_may_not_see_the_child_finds_nothing(self, world: World, who: str) -> None:
        with pytest.raises(NotFound):
            register(world, actor=getattr(world, who))

        assert not Consent.objects.exists()

    def test_a_member_of_a_consented_unit_may_register(self, world: World) -> None:
        world.consent(units=(world.health_station,))

        consent = register(world, actor=world.nurse)

        assert consent.documented_by == world.nurse
        assert AuditEvent.objects.get(action="consent.registered").reason == "consented_unit"


class TestWithdraw:
    def test_it_stamps_who_why_and_when_and_takes_effect_at_once(self, world: World) -> None:
        consent = register(world)
        assert can(world.ppt_adviser, Action.READ, world.case)
        before = timezone.now()

        withdrawn = do_withdraw_consent(
            consent.pk, actor=world.holder, withdrawn_by="Jon Hansen (far)", reason=" Ønsker ikke "
        )

        assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_at >= before
        assert (withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (
            "Jon Hansen (far)",
            "Ønsker ikke",
        )
        assert withdrawn.withdrawal_recorded_by == world.holder
        assert not can(world.ppt_adviser, Action.READ, world.case)

    def test_history_is_kept_not_overwritten(self, world: World) -> None:
        consent = register(world)
        do_withdraw_consent(consent.pk, actor=world.holder, withdrawn_by="Jon Hansen")
        renewed = register(
            world, answers=[Answer(world.mother.pk, GIVEN), Answer(world.father.pk, GIVEN)]
        )

        old = Consent.objects.get(pk=consent.pk)
        assert Consent.objects.count() == 2
        assert old.withdrawn_at is not None
        assert (old.decision, old.complete, list(old.units.all())) == (GIVEN, True, [world.ppt])
        assert old.parties.count() == 2
        assert renewed.withdrawn_at is None and renewed.is_in_force()

    def test_a_second_withdrawal_is_refused(self, world: World) -> None:
        consent = register(world)
        first = do_withdraw_consent(consent.pk, actor=world.holder, withdrawn_by="Jon Hansen")

        with pytest.raises(ValidationError) as caught:
            do_withdraw_consent(consent.pk, actor=world.holder, withdrawn_by="Maria Hansen")

        assert caught.value.messages == ["Samtykket er allerede trukket tilbake."]
        again = Consent.objects.get(pk=consent.pk)
        assert (again.withdrawn_at, again.withdrawn_by) == (first.withdrawn_at, "Jon Hansen")
        assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1

    def test_a_refusal_cannot_be_withdrawn(self, world: World) -> None:
        refusal = register(world, answers=[Answer(world.mother.pk, REFUSED)])

        with pytest.raises(ValidationError):
            do_withdraw_consent(refusal.pk, actor=world.holder, withdrawn_by="Maria Hansen")

        assert Consent.objects.get(pk=refusal.pk).withdrawn_at is None

    def test_it_needs_to_know_who_withdrew_it(self, world: World) -> None:
        consent = register(world)

        with pytest.raises(ValidationError) as caught:
            do_withdraw_consent(consent.pk, actor=world.holder, withdrawn_by="  ")

        assert "withdrawn_by" in caught.value.message_dict
        assert Consent.objects.get(pk=consent.pk).withdrawn_at is None

    def test_it_writes_an_audit_event_with_the_reason_from_before(self, world: World) -> None:
        # The nurse sees the child only through the consent she withdraws.
        consent = world.consent(units=(world.health_station,))

        do_withdraw_consent(consent.pk, actor=world.nurse, withdrawn_by="Maria Hansen")

        event = AuditEvent.objects.get(action="consent.withdrawn")
        assert (event.actor_id, event.child_id, event.object_id, event.reason) == (
            world.nurse.pk,
            world.child.pk,
            str(consent.pk),
            "consented_unit",
        )

    def test_out_of_reach_looks_like_a_consent_that_does_not_exist(self, world: World) -> None:
        consent = register(world)

        with pytest.raises(NotFound) as out_of_reach:
            do_withdraw_consent(consent.pk, actor=world.skaun_nurse, withdrawn_by="X")
        with pytest.raises(NotFound) as missing:
            do_withdraw_consent(consent.pk + 1000, actor=world.holder, withdrawn_by="X")

        assert out_of_reach.value.model is missing.value.model is Consent
        assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
