"""Who must say yes, where a consent stands, and the plain-language sentences."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from rodtrad.consent.actions import add_months
from rodtrad.consent.models import Consent, Decision
from rodtrad.consent.rules import (
    Answer,
    RequiredParties,
    Status,
    describe,
    is_complete,
    required_parties,
    status,
)
from rodtrad.organisation.models import UnitKind
from rodtrad.people.models import Guardian, Guardianship, Relation
from tests.consent.conftest import set_age
from tests.policy.conftest import World

TODAY = datetime.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 3, 10), 12, datetime.date(2026, 3, 10)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 15), 3, datetime.date(2026, 2, 15)),
        (datetime.date(2025, 12, 31), 6, datetime.date(2026, 6, 30)),
        (datetime.date(2025, 5, 1), 0, datetime.date(2025, 5, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: datetime.date, months: int, expected: datetime.date
) -> None:
    assert add_months(day, months) == expected


class TestRequiredParties:
    def test_it_needs_both_guardians_with_parental_responsibility_below_the_consent_age(
        self, world: World
    ) -> None:
        required = required_parties(world.child, timezone.localdate())

        assert required == RequiredParties(frozenset({world.mother.pk, world.father.pk}), False)

    def test_a_guardian_without_parental_responsibility_is_not_needed(self, world: World) -> None:
        stepfather = Guardian.objects.create(
            municipality=world.melhus, given_name="Stein", family_name="Steffen"
        )
        Guardianship.objects.create(
            child=world.child,
            guardian=stepfather,
            relation=Relation.STEP_PARENT,
            parental_responsibility=False,
        )

        required = required_parties(world.child, timezone.localdate())

        assert stepfather.pk not in required.guardian_ids

    def test_from_the_consent_age_the_youth_alone(self, world: World) -> None:
        set_age(world, 16)

        assert required_parties(world.child, timezone.localdate()) == RequiredParties(
            frozenset(), youth=True
        )

    def test_the_consent_age_is_the_municipalitys_setting(self, world: World) -> None:
        world.melhus.youth_consent_age = 15
        world.melhus.save()
        set_age(world, 15)

        assert required_parties(world.child, timezone.localdate()).youth

    def test_the_day_before_the_birthday_the_guardians_still_decide(self, world: World) -> None:
        today = timezone.localdate()
        world.child.birth_date = today.replace(year=today.year - 16) + datetime.timedelta(days=1)
        world.child.save(update_fields=["birth_date"])

        assert not required_parties(world.child, today).youth


class TestIsComplete:
    MOTHER, FATHER = 1, 2
    BOTH = RequiredParties(frozenset({1, 2}), youth=False)
    YOUTH = RequiredParties(frozenset(), youth=True)

    @pytest.mark.parametrize(
        ("required", "answers", "complete"),
        [
            (BOTH, [(1, Decision.GIVEN), (2, Decision.GIVEN)], True),
            (BOTH, [(1, Decision.GIVEN)], False),
            (BOTH, [(1, Decision.GIVEN), (2, Decision.REFUSED)], False),
            (BOTH, [(1, Decision.GIVEN), (2, Decision.GIVEN), (None, Decision.GIVEN)], True),
            (BOTH, [(None, Decision.GIVEN)], False),
            (RequiredParties(frozenset(), youth=False), [(1, Decision.GIVEN)], False),
            (YOUTH, [(None, Decision.GIVEN)], True),
            (YOUTH, [(1, Decision.GIVEN), (2, Decision.GIVEN)], False),
            (YOUTH, [(None, Decision.REFUSED)], False),
        ],
        ids=[
            "both said yes",
            "only one of two",
            "one yes, one no",
            "both and the youth's voice",
            "only the youth below the consent age",
            "nobody with parental responsibility registered",
            "youth alone from the consent age",
            "guardians instead of the youth from the consent age",
            "the youth refused",
        ],
    )
    def test_it(
        self,
        required: RequiredParties,
        answers: list[tuple[int | None, Decision]],
        complete: bool,
    ) -> None:
        assert is_complete(required, [Answer(g, d) for g, d in answers]) is complete


class TestStatus:
    def test_it_names_every_state(self, world: World) -> None:
        today = timezone.localdate()
        past = today - datetime.timedelta(days=400)
        cases = {
            Status.IN_FORCE: world.consent(units=(world.ppt,)),
            Status.WITHDRAWN: world.consent(units=(world.ppt,), withdrawn=True),
            Status.INCOMPLETE: world.consent(
                units=(world.ppt,), answers=((world.mother, Decision.GIVEN),)
            ),
            Status.REFUSED: world.consent(
                units=(world.ppt,), answers=((world.mother, Decision.REFUSED),)
            ),
            Status.EXPIRED: world.consent(
                units=(world.ppt,), valid_from=past, valid_to=today - datetime.timedelta(days=1)
            ),
            Status.NOT_YET_VALID: world.consent(
                units=(world.ppt,), valid_from=today + datetime.timedelta(days=1)
            ),
        }

        assert {expected: status(consent) for expected, consent in cases.items()} == {
            expected: expected for expected in cases
        }
        assert [c.is_in_force() for c in cases.values()] == [s is Status.IN_FORCE for s in cases]

    def test_it_has_a_norwegian_label(self) -> None:
        with translation.override("nb"):
            assert [s.label for s in Status] == [
                "Trukket tilbake",
                "Avslått",
                "Ikke fullstendig",
                "Utløpt",
                "Ikke i kraft ennå",
                "I kraft",
            ]


class TestDescribe:
    def consent(self, world: World, **kwargs: object) -> Consent:
        consent = world.consent(
            units=(world.ppt,),
            unit_kinds=(UnitKind.HEALTH_STATION,),
            valid_from=datetime.date(2025, 1, 1),
            valid_to=datetime.date(2099, 12, 31),
            **kwargs,  # type: ignore[arg-type]
        )
        consent.categories = ["observations_plans", "health"]
        return consent

    def test_it_says_who_may_share_what_until_when(self, world: World) -> None:
        with translation.override("en"):
            sentences = describe(self.consent(world))

        assert sentences == [
            "These services may take part and share information to work together on help "
            "for the child: PPT Melhus, Health station and school health service.",
            "They may share: observations and plans, health.",
            "The consent is valid from 01.01.2025 to 31.12.2099.",
            "It is given to the services, not to a named employee.",
            "Maria Hansen said yes.",
            "Jon Hansen said yes.",
            "It can be withdrawn at any time, and then applies no longer.",
        ]

    def test_it_speaks_norwegian(self, world: World) -> None:
        with translation.override("nb"):
            sentences = describe(self.consent(world))

        assert sentences[0] == (
            "Disse tjenestene kan delta og dele opplysninger for å samarbeide om hjelp til "
            "barnet: PPT Melhus, Helsestasjon og skolehelsetjeneste."
        )
        assert "Det er gitt til tjenestene, ikke til en bestemt ansatt." in sentences
        assert sentences[-1] == "Det kan trekkes tilbake når som helst, og gjelder da ikke lenger."

    def test_a_refusal_says_nothing_may_be_shared(self, world: World) -> None:
        consent = self.consent(
            world, answers=((world.mother, Decision.GIVEN), (world.father, Decision.REFUSED))
        )

        with translation.override("en"):
            sentences = describe(consent)

        assert sentences[0] == (
            "The family has said no. Nothing may be shared on the basis of this answer."
        )
        assert "Jon Hansen said no." in sentences

    def test_a_withdrawn_consent_says_since_when(self, world: World) -> None:
        consent = self.consent(world, withdrawn=True)

        with translation.override("en"):
            last = describe(consent)[-1]

        today = timezone.localdate().strftime("%d.%m.%Y")
        assert last == f"It was withdrawn on {today} and no longer applies."

    def test_an_incomplete_consent_does_not_apply_yet(self, world: World) -> None:
        consent = self.consent(world, answers=((world.mother, Decision.GIVEN),))

        with translation.override("en"):
            last = describe(consent)[-1]

        assert last == "It does not apply yet: not everyone who must consent has said yes."

    def test_an_expired_consent_says_so(self, world: World) -> None:
        consent = world.consent(
            units=(world.ppt,),
            valid_from=datetime.date(2020, 1, 1),
            valid_to=datetime.date(2021, 1, 1),
        )

        with translation.override("en"):
            last = describe(consent)[-1]

        assert last == "Its period has ended, so it no longer applies."

    def test_the_youths_own_answer_is_named(self, world: World) -> None:
        set_age(world, 16)
        consent = world.consent(
            units=(world.ppt,), answers=((None, Decision.GIVEN),), complete=True
        )

        with translation.override("en"):
            assert "The child or youth said yes." in describe(consent)
