"""The report pages' permission matrix: every URL × every kind of visitor.

Every URL of rodtrad.reports.urls must be in PAGES (a test below fails
otherwise). Out of reach is 404, exactly like a report that does not exist;
a visitor who is not logged in is sent to the login page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from rodtrad.reports.actions import do_change_status
from rodtrad.reports.models import ConcernReport
from rodtrad.reports.urls import urlpatterns
from tests.conftest import logged_in_client
from tests.reports.world import ReportWorld

VISITORS = [
    "teacher",  # the reporter
    "school_leader",  # leads the reporter's unit
    "colleague",  # same school, not the reporter
    "cw_worker",  # the receiving child welfare service
    "trondheim_cw_worker",  # another child welfare service
    "anonymous",
]


@dataclass(frozen=True)
class Page:
    name: str
    method: str
    expected: dict[str, int]  # visitor -> status; anonymous is always the login redirect
    on_report: bool = False


OK_ALL = dict.fromkeys(VISITORS[:-1], 200)
REPORTERS_SIDE = {
    "teacher": 200,
    "school_leader": 200,
    "colleague": 200,
    "cw_worker": 404,
    "trondheim_cw_worker": 404,
}
ONLY_CHILD_WELFARE = {
    "teacher": 404,
    "school_leader": 404,
    "colleague": 404,
    "cw_worker": 200,
    "trondheim_cw_worker": 200,
}
HANDLERS = {
    "teacher": 404,
    "school_leader": 404,
    "colleague": 404,
    "cw_worker": 302,
    "trondheim_cw_worker": 404,
}

PAGES = [
    Page("index", "get", OK_ALL),
    Page("new", "get", REPORTERS_SIDE),
    Page("receivers", "get", REPORTERS_SIDE),
    Page("inbox", "get", ONLY_CHILD_WELFARE),
    Page("register", "get", ONLY_CHILD_WELFARE),
    Page("statistics", "get", {**ONLY_CHILD_WELFARE, "school_leader": 200}),
    Page("consultations", "get", OK_ALL),
    Page("new_consultation", "get", REPORTERS_SIDE),
    Page(
        "detail",
        "get",
        {
            "teacher": 200,
            "school_leader": 200,
            "colleague": 404,
            "cw_worker": 200,
            "trondheim_cw_worker": 404,
        },
        on_report=True,
    ),
    Page("status", "post", HANDLERS, on_report=True),
    Page("feedback", "post", HANDLERS, on_report=True),
    Page(
        "pdf",
        "get",
        {
            "teacher": 200,
            "school_leader": 200,
            "colleague": 404,
            "cw_worker": 404,
            "trondheim_cw_worker": 404,
        },
        on_report=True,
    ),
]


def client_for(world: ReportWorld, visitor: str) -> Client:
    if visitor == "anonymous":
        return Client()
    return logged_in_client(getattr(world, visitor))


def request(client: Client, page: Page, report: ConcernReport) -> Any:
    path = f"/meldinger/{report.pk}/" if page.on_report else ""
    urls = {
        "index": "/meldinger/",
        "new": "/meldinger/ny/",
        "receivers": f"/meldinger/ny/mottaker/?child={report.child_id}",
        "inbox": "/meldinger/innboks/",
        "register": "/meldinger/innboks/registrer/",
        "statistics": "/meldinger/statistikk/",
        "consultations": "/meldinger/drofting/",
        "new_consultation": "/meldinger/drofting/ny/",
        "detail": path,
        "status": f"{path}status/",
        "feedback": f"{path}tilbakemelding/",
        "pdf": f"{path}pdf/",
    }
    if page.method == "get":
        return client.get(urls[page.name])
    data = {
        "status": {"status": "measures", "expected_status": report.status},
        "feedback": {"message": ""},
    }[page.name]
    return client.post(urls[page.name], data)


def test_the_matrix_covers_every_report_page() -> None:
    names = {pattern.name for pattern in urlpatterns}

    assert names == {page.name for page in PAGES}


@pytest.fixture
def report(world: ReportWorld) -> ConcernReport:
    report = world.send()
    # Decided, so feedback is due: every POST has something to do.
    return do_change_status(report, actor=world.cw_leader, to_status="investigation")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method.upper()} {p.name}")
@pytest.mark.parametrize("visitor", VISITORS)
def test_every_visitor_gets_what_the_policy_says(
    world: ReportWorld, report: ConcernReport, page: Page, visitor: str
) -> None:
    response = request(client_for(world, visitor), page, report)

    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/logg-inn/")
    else:
        assert response.status_code == page.expected[visitor]


@pytest.mark.parametrize("page", [p for p in PAGES if p.on_report], ids=lambda p: p.name)
def test_a_report_out_of_reach_looks_like_one_that_does_not_exist(
    world: ReportWorld, report: ConcernReport, page: Page
) -> None:
    client = client_for(world, "colleague")
    missing = ConcernReport(pk=report.pk + 1000, child_id=report.child_id, status="received")

    hidden = request(client, page, report)
    absent = request(client, page, missing)

    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content


@pytest.mark.parametrize("page", [p for p in PAGES if p.method == "post"], ids=lambda p: p.name)
def test_a_change_refuses_get(world: ReportWorld, report: ConcernReport, page: Page) -> None:
    client = client_for(world, "cw_worker")

    segment = "status" if page.name == "status" else "tilbakemelding"

    response = client.get(f"/meldinger/{report.pk}/{segment}/")

    assert response.status_code == 405
