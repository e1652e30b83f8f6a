"""The main pages take as many queries for 50 rows as for 5 (no N+1), which the
benchmark (BENCHMARKS.md) relies on at national scale. Counts, never timings."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from rodtrad.cases import actions
from rodtrad.cases.models import Case, Entry, EntryKind
from rodtrad.catalogue.models import Access, Audience, Intervention, Level, Need, Provider
from rodtrad.people.models import Child, Enrolment
from tests.cases.conftest import Story, make_story
from tests.conftest import logged_in_client, valid_birth_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def story() -> Story:
    return make_story()


def queries_of(
    request: Callable[[], object], django_assert_max_num_queries: DjangoAssertNumQueries
) -> int:
    with django_assert_max_num_queries(1000) as captured:
        request()
    return len(captured.captured_queries)


def add_children(story: Story, count: int, start: int, family_name: str = "Hansen") -> list[Child]:
    """Children in Kari's kindergarten, each with its own identity number."""
    children = []
    for n in range(start, start + count):
        born = timezone.localdate() - datetime.timedelta(days=3 * 365 + n)
        child = Child.objects.create(
            municipality=story.melhus,
            identity_number=valid_birth_number(born.day, born.month, born.year),
            given_name=f"Barn{n}",
            family_name=family_name,
            birth_date=born,
        )
        Enrolment.objects.create(
            municipality=story.melhus, child=child, unit=story.kindergarten, starts_on=born
        )
        children.append(child)
    return children


def open_cases(story: Story, children: list[Child]) -> list[Case]:
    cases = []
    for child in children:
        case = actions.do_open_case(
            actor=story.kari,
            child_id=child.pk,
            unit_id=story.kindergarten.pk,
            concern="Barnet virker sliten.",
            categories=["well_being"],
        )
        actions.do_change_level(case.pk, actor=story.kari, level=1, reason="Tiltak.", version=None)
        today = timezone.localdate()
        actions.do_add_measure(
            case.pk,
            actor=story.kari,
            goal="Trygg start på dagen",
            responsible_id=story.colleague.pk,
            responsible_unit_id=story.kindergarten.pk,
            starts_on=today - datetime.timedelta(days=30),
            evaluate_on=today + datetime.timedelta(days=3),
        )
        cases.append(case)
    return cases


def test_mine_saker_takes_the_same_queries_for_50_cases_as_for_5(
    story: Story, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    open_cases(story, add_children(story, 5, 0))
    kari = logged_in_client(story.kari)
    few = queries_of(lambda: kari.get("/"), django_assert_max_num_queries)
    open_cases(story, add_children(story, 45, 5))
    with django_assert_max_num_queries(few):
        response = kari.get("/")
    assert response.content.decode().count('href="/saker/') >= 50


def add_entries(case: Case, story: Story, count: int) -> None:
    Entry.objects.bulk_create(
        Entry(
            case=case,
            kind=(EntryKind.OBSERVATION, EntryKind.NOTE, EntryKind.BRIGHT_SPOT)[n % 3],
            author=(story.kari, story.colleague)[n % 2],
            author_unit=story.kindergarten,
            text=f"Oppføring {n}",
            categories=["well_being"] if n % 3 != 1 else [],
        )
        for n in range(count)
    )


CASE_PAGE_QUERIES = 3


@pytest.mark.parametrize("url", ["/saker/{}/", "/saker/{}/tidslinje/"])
def test_a_case_and_its_timeline_take_the_same_queries_for_50_entries_as_for_5(
    story: Story, url: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = story.open_case()
    add_entries(case, story, 4)
    kari = logged_in_client(story.kari)
    few = queries_of(lambda: kari.get(url.format(case.pk)), django_assert_max_num_queries)
    # The case, its reasons and the audit event of opening it, in one statement
    # (policy.cases.get_case_for), and the page's own (the side panels with the
    # latest entries; a page of entries with their count); the timeline one more.
    assert few <= CASE_PAGE_QUERIES
    add_entries(case, story, 45)
    actions.do_change_level(case.pk, actor=story.kari, level=1, reason="Tiltak.", version=None)
    with django_assert_max_num_queries(few):
        response = kari.get(url.format(case.pk))
    assert response.status_code == 200
    assert "Oppføring 44" in response.content.decode()


def test_the_search_takes_the_same_queries_for_25_children_as_for_5(
    story: Story, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    add_children(story, 5, 0, family_name="Sørbø")
    kari = logged_in_client(story.kari)
    few = queries_of(lambda: kari.post("/barn/sok/", {"q": "Sørbø"}), django_assert_max_num_queries)
    add_children(story, 45, 5, family_name="Sørbø")
    with django_assert_max_num_queries(few):
        response = kari.post("/barn/sok/", {"q": "Sørbø"})
    assert response.content.decode().count("Sørbø") >= 25  # the first 25 of 50


def test_the_catalogue_takes_the_same_queries_for_50_entries_as_for_5(
    story: Story,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    provider = Provider.objects.create(municipality=story.melhus, name="Familiesenteret")

    def entries(start: int, count: int) -> None:
        Intervention.objects.bulk_create(
            Intervention(
                municipality=story.melhus,
                provider=provider,
                name=f"Tilbud {n}",
                description="Foreldregruppe.",
                level=(Level.GREEN, Level.YELLOW, Level.RED)[n % 3],
                access=Access.OPEN,
                minimum_age=0,
                maximum_age=18,
                audiences=[Audience.PARENTS],
                needs=[Need.PARENTING],
                is_public=n % 4 != 0,
            )
            for n in range(start, start + count)
        )

    entries(0, 5)
    anonymous, kari = Client(), logged_in_client(story.kari)
    url = f"/hjelp/{story.melhus.number}/"
    few = {
        client: queries_of(functools.partial(client.get, url), django_assert_max_num_queries)
        for client in (anonymous, kari)
    }
    entries(5, 45)
    for client, count in few.items():
        with django_assert_max_num_queries(count):
            response = client.get(url)
        assert response.status_code == 200
        assert "Tilbud 49" in response.content.decode()
        # Shown again unchanged, the body comes from the cache: the entries are not read.
        with django_assert_max_num_queries(count - 1):
            assert "Tilbud 49" in client.get(url).content.decode()
    with django_assert_num_queries(1):  # a citizen's page: only the catalogue's stamp
        anonymous.get(url)


def test_the_report_statistics_take_the_same_queries_for_60_reports_as_for_6(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    # A dashboard over every report of the service: counted in SQL, never one by one.
    from tests.reports.world import build_world

    world = build_world()
    leader = logged_in_client(world.cw_leader)
    start = timezone.now() - datetime.timedelta(days=700)

    def send(count: int, first: int) -> None:
        for n in range(first, first + count):
            world.send(now=start + datetime.timedelta(days=11 * n))

    def statistics() -> object:
        response = leader.get(f"/meldinger/statistikk/?date_from={start.date()}")
        assert response.status_code == 200
        return response

    send(6, 0)
    few = queries_of(statistics, django_assert_max_num_queries)
    send(54, 6)
    assert queries_of(statistics, django_assert_max_num_queries) == few
    assert "60 meldinger mottatt" in statistics().content.decode()  # type: ignore[attr-defined]
