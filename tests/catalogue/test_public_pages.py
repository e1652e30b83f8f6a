"""The public catalogue pages: no login, search and filters, internal entries
for employees only, and no personal data anywhere."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rodtrad.accounts.models import User
from rodtrad.catalogue.actions import (
    do_delete_intervention,
    do_update_intervention,
    do_update_provider,
)
from rodtrad.catalogue.models import Intervention, Provider, Status
from rodtrad.demo.loader import load_demo
from rodtrad.organisation.models import Municipality
from rodtrad.people.models import Child, Guardian
from tests.catalogue.conftest import make_intervention
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def titles(response: object) -> list[str]:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.findall(r'<h3 class="ds-heading" data-size="xs"><a [^>]*>([^<]*)</a>', html)


def test_it_shows_the_catalogue_without_login(public_entry: Intervention) -> None:
    response = Client().get("/hjelp/5028/")
    assert response.status_code == 200
    assert titles(response) == [public_entry.name]


def test_it_goes_straight_to_the_only_municipality_with_a_catalogue(
    public_entry: Intervention,
) -> None:
    response = Client().get("/hjelp/")
    assert response.status_code == 302
    assert response["Location"] == "/hjelp/5028/"


def test_it_lets_citizens_choose_between_municipalities(
    public_entry: Intervention, other_provider: Provider
) -> None:
    make_intervention(other_provider, name="Barselgruppe")
    response = Client().get("/hjelp/")
    assert response.status_code == 200
    assert b'href="/hjelp/5028/"' in response.content
    assert b'href="/hjelp/5029/"' in response.content


def test_it_filters_by_age_range(provider: Provider, public_entry: Intervention) -> None:
    make_intervention(provider, name="Helsestasjon for ungdom", minimum_age=13, maximum_age=24)
    assert titles(Client().get("/hjelp/5028/?alder=3-5")) == [public_entry.name]
    assert titles(Client().get("/hjelp/5028/?alder=4")) == [public_entry.name]
    assert titles(Client().get("/hjelp/5028/?alder=15")) == ["Helsestasjon for ungdom"]


def test_it_filters_by_need_and_level(provider: Provider, public_entry: Intervention) -> None:
    make_intervention(provider, name="Ungdomsklubben", level="green", needs=["leisure"])
    assert titles(Client().get("/hjelp/5028/?behov=leisure")) == ["Ungdomsklubben"]
    assert titles(Client().get("/hjelp/5028/?niva=yellow")) == [public_entry.name]
    both = titles(Client().get("/hjelp/5028/?niva=yellow&niva=green"))
    assert sorted(both) == sorted(["Ungdomsklubben", public_entry.name])


def test_it_searches_in_norwegian(provider: Provider, public_entry: Intervention) -> None:
    make_intervention(
        provider, name="Familieråd", description="Familien og nettverket lager sin egen plan."
    )
    # "planer" finds "plan" (Norwegian stemming); a fragment of a name finds the name.
    assert titles(Client().get("/hjelp/5028/?q=planer")) == ["Familieråd"]
    assert titles(Client().get("/hjelp/5028/?q=utrolige")) == [public_entry.name]


def test_it_ignores_filters_it_does_not_know(public_entry: Intervention) -> None:
    response = Client().get("/hjelp/5028/?alder=abc&behov=nonsense&niva=purple")
    assert titles(response) == [public_entry.name]


def test_it_hides_internal_entries_from_citizens(
    public_entry: Intervention, internal_entry: Intervention
) -> None:
    assert titles(Client().get("/hjelp/5028/")) == [public_entry.name]
    url = f"/hjelp/5028/tiltak/{internal_entry.hsds_id}/"
    assert Client().get(url).status_code == 404


def test_it_shows_internal_entries_to_employees_of_the_municipality(
    employee: User, public_entry: Intervention, internal_entry: Intervention
) -> None:
    response = logged_in_client(employee).get("/hjelp/5028/")
    assert sorted(titles(response)) == sorted([public_entry.name, internal_entry.name])
    assert "Intern: bare for ansatte" in response.content.decode()


def test_it_hides_internal_entries_from_employees_elsewhere(
    other_admin: User, internal_entry: Intervention
) -> None:
    url = f"/hjelp/5028/tiltak/{internal_entry.hsds_id}/"
    assert logged_in_client(other_admin).get(url).status_code == 404


def test_it_shows_an_entry_with_how_to_get_it(public_entry: Intervention) -> None:
    response = Client().get(f"/hjelp/5028/tiltak/{public_entry.hsds_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert public_entry.name in html
    assert "Familiesenteret Melhus" in html
    assert "3–8 år" in html


def test_it_answers_404_for_an_entry_of_another_municipality(
    public_entry: Intervention, other_municipality: Municipality
) -> None:
    assert Client().get(f"/hjelp/5029/tiltak/{public_entry.hsds_id}/").status_code == 404
    assert Client().get("/hjelp/0000/").status_code == 404


def test_it_lists_without_a_query_per_entry(provider: Provider) -> None:
    for number in range(10):
        make_intervention(provider, name=f"Tilbud {number}")
    client = Client()
    client.get("/hjelp/5028/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/hjelp/5028/?alder=3-5")
    assert len(titles(response)) == 10
    assert len(queries) <= 3


def test_it_shows_a_change_at_once(
    admin_user: User, provider: Provider, public_entry: Intervention
) -> None:
    # The page's body is cached; every change must show on the next request.
    client = Client()
    assert titles(client.get("/hjelp/5028/")) == [public_entry.name]
    do_update_intervention(public_entry, actor=admin_user, name="Foreldregruppe")
    assert titles(client.get("/hjelp/5028/")) == ["Foreldregruppe"]
    do_update_provider(provider, actor=admin_user, name="Familiens hus")
    assert "Tilbys av Familiens hus" in client.get("/hjelp/5028/").content.decode()
    added = make_intervention(provider, name="Barselgruppe")
    assert titles(client.get("/hjelp/5028/")) == ["Barselgruppe", "Foreldregruppe"]
    do_delete_intervention(added, actor=admin_user)
    assert titles(client.get("/hjelp/5028/")) == ["Foreldregruppe"]
    do_update_intervention(public_entry, actor=admin_user, status=Status.INACTIVE)
    assert titles(client.get("/hjelp/5028/")) == []


def test_it_never_shows_one_viewer_what_another_sees(
    employee: User,
    admin_user: User,
    provider: Provider,
    public_entry: Intervention,
    internal_entry: Intervention,
) -> None:
    closed = make_intervention(provider, name="Nedlagt tilbud", status=Status.INACTIVE)
    everything = sorted([public_entry.name, internal_entry.name, closed.name])
    for _ in range(2):  # the second round comes from the cache
        assert sorted(titles(logged_in_client(admin_user).get("/hjelp/5028/"))) == everything
        employees = titles(logged_in_client(employee).get("/hjelp/5028/"))
        assert sorted(employees) == sorted([public_entry.name, internal_entry.name])
        assert titles(Client().get("/hjelp/5028/")) == [public_entry.name]


def test_it_keeps_each_language_apart(public_entry: Intervention) -> None:
    client = Client()
    assert "Finn hjelp i Melhus" in client.get("/hjelp/5028/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Find help in Melhus" in client.get("/hjelp/5028/").content.decode()
    client.cookies["django_language"] = "nb"
    assert "Finn hjelp i Melhus" in client.get("/hjelp/5028/").content.decode()


def test_it_refuses_to_change_anything(public_entry: Intervention) -> None:
    assert Client().post("/hjelp/5028/").status_code == 405


PUBLIC_PAGES = [
    "/hjelp/",
    "/hjelp/9901/",
    "/hjelp/9901/?alder=3-5",
    "/hjelp/9901/?q=foreldre",
    "/hjelp/9901/be-om-hjelp/",
    "/hjelp/9901/handlingsveileder/",
    "/tilgjengelighet/",
    "/personvern/",
]


def test_it_shows_no_personal_data_on_public_pages(db: None) -> None:
    from rodtrad.catalogue.demo import load_catalogue_demo

    load_demo()
    elvdal = Municipality.objects.get(number="9901")
    load_catalogue_demo(elvdal)
    client = Client()
    pages = list(PUBLIC_PAGES)
    pages += [
        f"/hjelp/9901/tiltak/{i.hsds_id}/"
        for i in Intervention.objects.public().filter(municipality=elvdal)
    ]
    pages += [f"/hjelp/9901/handlingsveileder/{p.slug}/" for p in elvdal.guide_pages.all()]
    people = [
        *(f"{c.given_name} {c.family_name}" for c in Child.objects.all()),
        *(f"{g.given_name} {g.family_name}" for g in Guardian.objects.all()),
        *(u.get_full_name() for u in User.objects.exclude(first_name="")),
        *(u.username for u in User.objects.all()),
    ]
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert not re.search(r"\b\d{11}\b", html), f"{page} shows an identity number"
        shown = [person for person in people if re.search(rf"\b{re.escape(person)}\b", html)]
        assert not shown, f"{page} shows {shown}"
