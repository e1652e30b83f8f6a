"""Finding a child: only children the employee may see, by name or number,
never with the number in a URL, always audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from psycopg import _queries as psycopg_queries

from rodtrad.accounts.models import User
from rodtrad.audit.models import AuditEvent
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people import search
from rodtrad.people.models import Child, Enrolment
from rodtrad.people.search import RESULT_LIMIT, search_children
from rodtrad.policy import cases
from rodtrad.policy.cases import visible_children, visible_children_sql
from tests.conftest import logged_in_client, valid_birth_number
from tests.policy.conftest import World, world  # noqa: F401  (the fixture)


@pytest.fixture
def enrolled_child(child: Child, kindergarten: Unit) -> Child:
    Enrolment.objects.create(
        municipality=child.municipality,
        child=child,
        unit=kindergarten,
        starts_on=datetime.date(2024, 8, 1),
    )
    return child


@pytest.fixture
def stranger(municipality: Municipality) -> Child:
    """A child in the same municipality, not enrolled in the employee's unit."""
    return Child.objects.create(
        municipality=municipality,
        identity_number=valid_birth_number(3, 4, 2019),
        given_name="Emilie",
        family_name="Hansen",
        birth_date=datetime.date(2019, 4, 3),
    )


def test_it_finds_a_child_by_part_of_the_name(employee: User, enrolled_child: Child) -> None:
    assert search_children(employee, "emi hans") == [enrolled_child]


def test_it_finds_a_child_by_identity_number_with_a_space(
    employee: User, enrolled_child: Child
) -> None:
    number = enrolled_child.identity_number or ""
    assert search_children(employee, f"{number[:6]} {number[6:]}") == [enrolled_child]


def test_it_never_finds_a_child_the_employee_may_not_see(
    employee: User, enrolled_child: Child, stranger: Child
) -> None:
    assert search_children(employee, "Hansen") == [enrolled_child]
    assert search_children(employee, stranger.identity_number or "") == []


def test_it_finds_nothing_for_a_child_that_left_the_unit(
    employee: User, enrolled_child: Child
) -> None:
    Enrolment.objects.filter(child=enrolled_child).update(ends_on=datetime.date(2025, 6, 20))
    assert search_children(employee, "Emil") == []


def test_it_takes_like_wildcards_literally(employee: User, enrolled_child: Child) -> None:
    assert search_children(employee, "__") == []
    assert search_children(employee, "%%") == []
    assert search_children(employee, "Emil%") == []


def test_it_needs_two_letters(employee: User, enrolled_child: Child) -> None:
    assert search_children(employee, "E") == []


def test_it_audits_what_was_shown_but_not_the_query(employee: User, enrolled_child: Child) -> None:
    search_children(employee, enrolled_child.identity_number or "")
    event = AuditEvent.objects.get(action="child.searched")
    assert event.changes == {"query_kind": "identity_number", "children": [enrolled_child.pk]}
    assert (enrolled_child.identity_number or "") not in str(event.changes)


def test_the_page_searches_by_post_so_the_number_stays_out_of_the_url(
    employee: User, enrolled_child: Child
) -> None:
    client = logged_in_client(employee)
    response = client.post("/barn/sok/", {"q": enrolled_child.identity_number})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Emil Hansen" in html
    assert f"/barn/{enrolled_child.pk}/" in html
    assert client.get("/barn/sok/?q=Emil").status_code == 200  # GET shows the empty form only
    assert "Emil Hansen" not in client.get("/barn/sok/?q=Emil").content.decode()


def test_the_page_lists_each_child_with_birth_date_and_municipality_escaped(
    employee: User, enrolled_child: Child
) -> None:
    Child.objects.filter(pk=enrolled_child.pk).update(given_name="Emil <b>")
    client = logged_in_client(employee)
    html = client.post("/barn/sok/", {"q": "Emil"}, HTTP_HX_REQUEST="true").content.decode()
    assert (
        f'<li><a class="ds-link" href="/barn/{enrolled_child.pk}/">Emil &lt;b&gt; Hansen</a>,'
        " født 14. mars 2021 (Melhus)</li>"
    ) in html
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.post("/barn/sok/", {"q": "Emil"}, HTTP_HX_REQUEST="true").content.decode()
    assert "born 14. March 2021 (Melhus)" in html


def test_the_page_answers_htmx_with_the_results_only(employee: User, enrolled_child: Child) -> None:
    client = logged_in_client(employee)
    response = client.post("/barn/sok/", {"q": "Emil"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Emil Hansen" in html
    assert "<html" not in html


def test_the_page_needs_login(client: Client, db: None) -> None:
    response = client.post("/barn/sok/", {"q": "Emil"})
    assert response.status_code == 302
    assert "/logg-inn/" in response["Location"]


def test_the_child_page_shows_basic_identity_and_is_audited(
    employee: User, enrolled_child: Child
) -> None:
    response = logged_in_client(employee).get(f"/barn/{enrolled_child.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Emil Hansen" in html
    assert "Solsikken barnehage" in html
    assert (enrolled_child.identity_number or "") not in html  # masked
    assert AuditEvent.objects.filter(action="child.read_basic", child_id=enrolled_child.pk).exists()


def test_the_child_page_of_an_unknown_child_looks_like_a_missing_one(
    employee: User, enrolled_child: Child, stranger: Child
) -> None:
    client = logged_in_client(employee)
    hidden = client.get(f"/barn/{stranger.pk}/")
    missing = client.get(f"/barn/{stranger.pk + 999}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_an_administrator_does_not_see_children_through_the_employee_pages(
    admin_user: User, enrolled_child: Child
) -> None:
    # The admin fixture is in the kindergarten too; another municipality's admin is not.
    assert search_children(admin_user, "Emil") == [enrolled_child]


def test_another_municipality_sees_nothing(other_admin: User, enrolled_child: Child) -> None:
    assert search_children(other_admin, "Emil") == []
    assert logged_in_client(other_admin).get(f"/barn/{enrolled_child.pk}/").status_code == 404


def test_the_child_page_links_to_consents_only_for_those_who_may(
    employee: User, enrolled_child: Child, admin_user: User
) -> None:
    html = logged_in_client(employee).get(f"/barn/{enrolled_child.pk}/").content.decode()
    assert f"/barn/{enrolled_child.pk}/samtykke/" in html
    assert f"/barn/{enrolled_child.pk}/tilgangslogg/" not in html  # not the baton holder
    admin_html = logged_in_client(admin_user).get(f"/barn/{enrolled_child.pk}/").content.decode()
    # The administrator of the municipality may read the access log.
    assert f"/barn/{enrolled_child.pk}/tilgangslogg/" in admin_html


def test_it_finds_by_number_a_child_seen_through_a_relay_log_only(world: World) -> None:  # noqa: F811
    number = world.child.identity_number or ""
    assert search_children(world.holder, number) == [world.child]
    assert search_children(world.leader, number) == [world.child]
    # Taking part without the family's consent shows nothing, by number or by name.
    assert search_children(world.nurse, number) == []
    assert search_children(world.nurse, world.child.given_name) == []
    world.consent(units=(world.health_station,))
    assert search_children(world.nurse, number) == [world.child]
    assert search_children(world.nurse, world.child.given_name) == [world.child]


def test_it_shows_the_first_page_by_family_name_then_given_name(
    employee: User, enrolled_child: Child, kindergarten: Unit
) -> None:
    for n in range(RESULT_LIMIT + 5):
        born = datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        other = Child.objects.create(
            municipality=enrolled_child.municipality,
            identity_number=valid_birth_number(born.day, born.month, born.year),
            given_name=f"Emil {n:02d}",
            family_name="Hansen" if n % 2 else "Aas-Hansen",
            birth_date=born,
        )
        Enrolment.objects.create(
            municipality=other.municipality, child=other, unit=kindergarten, starts_on=born
        )
    with CaptureQueriesContext(connection) as statements:
        found = search_children(employee, "emil hansen")
    expected = sorted(
        visible_children(employee).filter(given_name__startswith="Emil"),
        key=lambda child: (child.family_name, child.given_name, child.pk),
    )[:RESULT_LIMIT]
    assert found == expected
    assert [child.municipality.name for child in found] == [
        child.municipality.name for child in expected
    ]
    # The page's audit event came with the results, in the same statement, and
    # names exactly the children shown.
    writes = [query["sql"] for query in statements if "audit_auditevent" in query["sql"]]
    assert len(writes) == 1 and "FROM people_child found" in writes[0]
    event = AuditEvent.objects.get(action="child.searched")
    assert event.changes == {"query_kind": "name", "children": sorted(c.pk for c in found)}


def _child_ids(sql: str, params: dict[str, Any]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {child_id for (child_id,) in cursor.fetchall()}


def test_the_policy_sql_the_search_is_built_on_is_visible_children(world: World) -> None:  # noqa: F811
    world.consent(units=(world.health_station,))
    for actor in world.employees:
        sql = visible_children_sql(actor)
        assert sql is not None
        visible = _child_ids(sql.visible, sql.params)
        assert visible == set(visible_children(actor).values_list("pk", flat=True))
        assert _child_ids(sql.candidates, sql.params) >= visible
    # The PPT takes part without the family's consent: a candidate, never a result.
    sql = visible_children_sql(world.ppt_adviser)
    assert sql is not None
    assert world.child.pk in _child_ids(sql.candidates, sql.params)
    assert world.child.pk not in _child_ids(sql.visible, sql.params)
    assert search_children(world.ppt_adviser, "Emil Hansen") == []
    assert search_children(world.ppt_adviser, world.child.identity_number or "") == []
    assert search_children(world.nurse, "Emil Hansen") == [world.child]


def test_a_deactivated_employee_finds_nothing_and_the_search_is_audited(world: World) -> None:  # noqa: F811
    world.holder.is_active = False
    assert visible_children_sql(world.holder) is None
    assert search_children(world.holder, "Emil") == []
    event = AuditEvent.objects.get(action="child.searched")
    assert event.changes == {"query_kind": "name", "children": []}


@pytest.mark.parametrize("statement", ["_BY_NAME_RECORDED", "_BY_NUMBER_RECORDED"])
def test_psycopg_keeps_its_conversion_of_the_search_statements(statement: str) -> None:
    """Past psycopg's limit (core.apps.STATEMENT_CACHE_LIMIT) it parses the
    statement's placeholders again on every execution (~0.4 ms)."""
    sql = getattr(search, statement).format(
        visible=cases._VISIBLE_CHILDREN_TEXT, candidates=cases._CANDIDATE_CHILDREN_TEXT
    )
    assert len(sql.encode()) <= psycopg_queries.MAX_CACHED_STATEMENT_LENGTH
