"""The public action guide and statements: no login, and steps in order."""

from __future__ import annotations

import pytest
from django.test import Client

from rodtrad.guide.demo import load_guide_demo
from rodtrad.organisation.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(municipality: Municipality) -> Municipality:
    load_guide_demo(municipality)
    return municipality


def test_it_shows_the_levels_and_steps_without_login(guide: Municipality) -> None:
    html = Client().get("/hjelp/5028/handlingsveileder/").content.decode()
    assert "Nivå 0: Undring og bekymring" in html
    assert html.index("Undre deg") < html.index("Avklar veien videre")
    assert "Opplysningsplikt til barneverntjenesten" in html


def test_it_shows_a_step_with_its_checklist_and_neighbours(guide: Municipality) -> None:
    response = Client().get("/hjelp/5028/handlingsveileder/konkretiser/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sjekkliste" in html
    assert "Forrige steg: Undre deg" in html
    assert "Neste steg: Del med leder, barnet og foreldrene" in html
    assert "Versjon 1" in html


def test_it_answers_404_for_an_unknown_page(guide: Municipality) -> None:
    assert Client().get("/hjelp/5028/handlingsveileder/finnes-ikke/").status_code == 404
    assert Client().get("/hjelp/5029/handlingsveileder/konkretiser/").status_code == 404


def test_it_shows_how_to_ask_for_help_with_the_municipalitys_own_words(
    guide: Municipality,
) -> None:
    html = Client().get("/hjelp/5028/be-om-hjelp/").content.decode()
    assert "116 111" in html
    assert "Familiesenteret har åpen dør" in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/tilgjengelighet/", "Tilgjengelighetserklæring"), ("/personvern/", "Personvernerklæring")],
)
def test_it_publishes_the_statements(path: str, heading: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert f">{heading}</h1>" in response.content.decode()
