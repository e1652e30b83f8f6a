"""The demo catalogue: the interventions the source documents name, loaded
idempotently, with no phone numbers and no person's name."""

from __future__ import annotations

from rodtrad.catalogue.demo import ENTRIES, load_catalogue_demo
from rodtrad.catalogue.models import Intervention, Provider
from rodtrad.organisation.models import Municipality, Unit, UnitKind


def test_it_loads_the_interventions_the_sources_name(municipality: Municipality) -> None:
    assert load_catalogue_demo(municipality) == len(ENTRIES)
    names = " ".join(Intervention.objects.values_list("name", flat=True))
    for named in (
        "PMTO",
        "ICDP",
        "De utrolige årene",
        "Familieråd",
        "ungdomslos",
        "SLT",
        "PIS",
        "Kjærlighet og grenser",
        "Helsestasjon for ungdom",
        "Familieveiledere",
    ):
        assert named in names, named
    levels = set(Intervention.objects.values_list("level", flat=True))
    assert levels == {"green", "yellow", "red"}
    assert Intervention.objects.filter(is_public=False).exists()
    assert Intervention.objects.exclude(must_unit_kinds=[]).exists()
    assert not Intervention.objects.exclude(phone="").exists()


def test_it_loads_twice_without_changes(municipality: Municipality) -> None:
    load_catalogue_demo(municipality)
    before = list(Intervention.objects.order_by("pk").values("pk", "updated_at"))
    load_catalogue_demo(municipality)
    assert list(Intervention.objects.order_by("pk").values("pk", "updated_at")) == before


def test_it_uses_the_municipalitys_own_units_as_providers(municipality: Municipality) -> None:
    station = Unit.objects.create(
        municipality=municipality, kind=UnitKind.HEALTH_STATION, name="Melhus helsestasjon"
    )
    load_catalogue_demo(municipality)
    provider = Provider.objects.get(unit=station)
    assert provider.name == "Melhus helsestasjon"
    assert provider.interventions.filter(name="Helsestasjon for ungdom").exists()
