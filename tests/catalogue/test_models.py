"""The catalogue's own rules: ages in order, must or should, no personal data."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rodtrad.catalogue.models import Intervention, Provider
from tests.catalogue.conftest import make_intervention
from tests.conftest import valid_birth_number


def test_it_refuses_ages_in_the_wrong_order(provider: Provider) -> None:
    with pytest.raises(ValidationError) as error:
        make_intervention(provider, minimum_age=10, maximum_age=3)
    assert "maximum_age" in error.value.message_dict


def test_it_refuses_a_unit_kind_that_both_must_and_should(provider: Provider) -> None:
    with pytest.raises(ValidationError) as error:
        make_intervention(provider, must_unit_kinds=["school"], should_unit_kinds=["school"])
    assert "should_unit_kinds" in error.value.message_dict


def test_it_refuses_an_identity_number_in_public_text(provider: Provider) -> None:
    number = valid_birth_number(14, 3, 2021)
    with pytest.raises(ValidationError) as error:
        make_intervention(provider, description=f"Kontakt om barn {number}")
    assert "description" in error.value.message_dict


def test_it_refuses_a_provider_of_another_municipality(
    provider: Provider, other_provider: Provider
) -> None:
    entry = Intervention(
        municipality=provider.municipality,
        provider=other_provider,
        name="X",
        description="Y",
        level="green",
        access="open",
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "provider" in error.value.message_dict


def test_it_matches_ages_with_open_bounds(provider: Provider) -> None:
    make_intervention(provider, name="Alle", minimum_age=None, maximum_age=None)
    make_intervention(provider, name="Fra 16", minimum_age=16, maximum_age=None)
    found = set(Intervention.objects.for_ages(4, 4).values_list("name", flat=True))
    assert found == {"Alle"}


def test_it_describes_the_age_range(provider: Provider) -> None:
    assert make_intervention(provider, name="a", minimum_age=3, maximum_age=8).ages == "3–8"
    assert make_intervention(provider, name="b", minimum_age=16, maximum_age=None).ages == "16+"
    assert make_intervention(provider, name="c", minimum_age=None, maximum_age=None).ages == ""
