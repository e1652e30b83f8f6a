"""The permission matrix of /api/v1/reports: every route × the reporter, the
leader of the reporter's unit, a colleague at the same school, the receiving
child welfare service, another child welfare service, and a stranger.

Every report route must join REPORT_ROUTES (tests/api/test_permissions.py
checks that the API serves no route outside a matrix). Out of reach is 404 on
a path, like a report that does not exist; a body referring to what is out of
reach is 422 "not found" on that field."""

from __future__ import annotations

from typing import Any

import pytest

from rodtrad.reports.actions import do_change_status
from rodtrad.reports.models import ConcernReport
from tests.api.conftest import ApiClient, api_client_for
from tests.reports.world import ReportWorld, build_world

ACTORS = ["teacher", "school_leader", "colleague", "cw_worker", "trondheim_cw_worker", "stranger"]

# (method, path as in the OpenAPI document) -> expected status per actor, in ACTORS order.
REPORT_ROUTES: dict[tuple[str, str], list[int]] = {
    # Lists answer everyone authenticated: each sees only their own box.
    ("get", "/reports"): [200, 200, 200, 200, 200, 401],
    # Jonas is the teacher's pupil, and the colleague's; not child welfare's to report.
    ("post", "/reports"): [201, 201, 201, 422, 422, 401],
    ("get", "/reports/statistics"): [404, 200, 404, 200, 200, 401],
    ("get", "/reports/{report_id}"): [200, 200, 404, 200, 404, 401],
    ("post", "/reports/{report_id}/status"): [404, 404, 404, 200, 404, 401],
    ("post", "/reports/{report_id}/feedback"): [404, 404, 404, 201, 404, 401],
    ("get", "/reports/{report_id}/pdf"): [200, 200, 404, 404, 404, 401],
}
REPORT_ROUTE_PATHS = set(REPORT_ROUTES)


@pytest.fixture
def world(db: None) -> ReportWorld:
    return build_world()


def client(world: ReportWorld, actor: str) -> ApiClient:
    if actor == "stranger":
        return ApiClient()
    return api_client_for(getattr(world, actor))


def call(api: ApiClient, route: tuple[str, str], world: ReportWorld, report: ConcernReport) -> Any:
    _method, path = route
    path = path.replace("{report_id}", str(report.pk))
    if route == ("post", "/reports"):
        reporter_unit = world.school.pk
        return api.post(
            path,
            {
                "child": world.jonas.pk,
                "reporter_unit": reporter_unit,
                "grounds": "Blåmerker.",
                "observations": "Så blåmerker i gymmen.",
                "guardians_told": True,
            },
        )
    if route == ("post", "/reports/{report_id}/status"):
        return api.post(path, {"status": "measures"})
    if route == ("post", "/reports/{report_id}/feedback"):
        return api.post(path, {"message": ""})
    return api.get(path)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", list(REPORT_ROUTES), ids=lambda r: f"{r[0].upper()} {r[1]}")
def test_report_routes_follow_the_report_policy(
    world: ReportWorld, route: tuple[str, str], actor: str
) -> None:
    # Reviewed and decided, so both a status change and feedback are possible.
    report = do_change_status(world.send(), actor=world.cw_leader, to_status="investigation")

    response = call(client(world, actor), route, world, report)

    assert response.status_code == REPORT_ROUTES[route][ACTORS.index(actor)]


@pytest.mark.parametrize(
    "route", [r for r in REPORT_ROUTES if "{report_id}" in r[1]], ids=lambda r: r[1]
)
def test_a_report_out_of_reach_answers_like_a_missing_one(
    world: ReportWorld, route: tuple[str, str]
) -> None:
    report = world.send()
    api = client(world, "colleague")
    missing = ConcernReport(pk=report.pk + 1000)

    hidden = call(api, route, world, report)
    absent = call(api, route, world, missing)

    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()
