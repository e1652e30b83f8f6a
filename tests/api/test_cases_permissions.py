"""The permission matrix of /api/v1/cases: every route × baton holder, offered
employee, colleague without consent, another municipality, stranger.

Every case route must join CASE_ROUTES (tests/api/test_permissions.py checks
that the API serves no route outside a matrix)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from rodtrad.accounts.models import User
from rodtrad.cases import actions
from rodtrad.cases.models import Case, Entry
from tests.api.conftest import ApiClient, api_client_for
from tests.cases.conftest import Story, make_story

TODAY = timezone.localdate()


@dataclass
class Ctx:
    story: Story
    case: Case
    ids: dict[str, int] = field(default_factory=dict)


def _measure(ctx: Ctx) -> None:
    measure = actions.do_add_measure(
        ctx.case.pk,
        actor=ctx.story.kari,
        goal="Frokost hver dag",
        responsible_id=ctx.story.kari.pk,
        responsible_unit_id=ctx.story.kindergarten.pk,
        starts_on=TODAY,
        evaluate_on=TODAY + datetime.timedelta(weeks=6),
    )
    ctx.ids["measure_id"] = measure.pk


def _evaluation(ctx: Ctx) -> None:
    evaluation = actions.do_add_evaluation(
        ctx.case.pk,
        actor=ctx.story.kari,
        measure_id=None,
        held_on=TODAY,
        participants="Kari",
        result=3,
        decision="close",
    )
    ctx.ids["evaluation_id"] = evaluation.pk


def _offer(ctx: Ctx) -> None:
    handover = actions.do_offer_handover(
        ctx.case.pk,
        actor=ctx.story.kari,
        to_user_id=ctx.story.tone.pk,
        to_unit_id=ctx.story.school.pk,
    )
    ctx.ids["handover_id"] = handover.pk


def _entry(ctx: Ctx) -> None:
    ctx.ids["entry_id"] = Entry.objects.get(case=ctx.case).pk


def _close(ctx: Ctx) -> None:
    actions.do_close_case(
        ctx.case.pk, actor=ctx.story.kari, reason="Ferdig", guardians_informed=True, version=None
    )


def _consent(ctx: Ctx) -> None:
    ctx.story.consent(ctx.case)


def _nothing(ctx: Ctx) -> None:
    return None


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as in the OpenAPI document, under /cases
    body: Callable[[Ctx], dict[str, Any]] | None = None
    prepare: Callable[[Ctx], None] = _nothing
    ok: int = 200
    by: str = "holder"  # who may: the baton holder, or the employee offered the baton

    @property
    def name(self) -> str:
        return f"{self.method.upper()} /cases{self.path}"


def _version(ctx: Ctx) -> int:
    return Case.objects.get(pk=ctx.case.pk).version


CASE_ROUTES = [
    Route("get", ""),
    Route(
        "post",
        "",
        lambda c: {"child": c.story.child.pk, "unit": c.story.kindergarten.pk, "concern": "Ny"},
        prepare=_close,
        ok=201,
    ),
    Route("get", "/{case_id}"),
    Route("get", "/{case_id}/entries"),
    Route("post", "/{case_id}/entries", lambda c: {"kind": "note", "text": "Notat"}, ok=201),
    Route(
        "patch",
        "/{case_id}/entries/{entry_id}",
        lambda c: {"version": 1, "text": "Rettet"},
        prepare=_entry,
    ),
    Route("get", "/{case_id}/measures", prepare=_measure),
    Route(
        "post",
        "/{case_id}/measures",
        lambda c: {
            "goal": "Mål",
            "responsible": c.story.kari.pk,
            "responsible_unit": c.story.kindergarten.pk,
            "starts_on": TODAY.isoformat(),
            "evaluate_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
        ok=201,
    ),
    Route("get", "/{case_id}/measures/{measure_id}", prepare=_measure),
    Route(
        "patch",
        "/{case_id}/measures/{measure_id}",
        lambda c: {"version": 1, "goal": "Nytt mål"},
        prepare=_measure,
    ),
    Route("get", "/{case_id}/evaluations", prepare=_evaluation),
    Route(
        "post",
        "/{case_id}/evaluations",
        lambda c: {
            "held_on": TODAY.isoformat(),
            "participants": "Emil, mor, Kari",
            "result": 3,
            "decision": "close",
        },
        ok=201,
    ),
    Route(
        "patch",
        "/{case_id}/evaluations/{evaluation_id}",
        lambda c: {"version": 1, "notes": "Rettet"},
        prepare=_evaluation,
    ),
    Route("get", "/{case_id}/handovers", prepare=_offer),
    Route(
        "post",
        "/{case_id}/handovers",
        lambda c: {"to_user": c.story.tone.pk, "to_unit": c.story.school.pk},
        ok=201,
    ),
    Route("post", "/{case_id}/handovers/{handover_id}/accept", lambda c: {}, _offer, by="offered"),
    Route(
        "post",
        "/{case_id}/handovers/{handover_id}/decline",
        lambda c: {"reason": "Feil skole"},
        _offer,
        by="offered",
    ),
    Route("post", "/{case_id}/handovers/{handover_id}/withdraw", lambda c: {}, _offer),
    Route(
        "post",
        "/{case_id}/level",
        lambda c: {"level": 1, "reason": "Tiltak", "version": _version(c)},
    ),
    Route("post", "/{case_id}/units", lambda c: {"unit": c.story.ppt.pk}, _consent),
    Route("post", "/{case_id}/leader-review", lambda c: {"text": "Se på dette"}),
    Route(
        "post",
        "/{case_id}/leader-decision",
        lambda c: {"decision": "measures", "decided_by": c.story.berit.pk},
        ok=201,
    ),
    Route(
        "post",
        "/{case_id}/close",
        lambda c: {"reason": "Ferdig", "guardians_informed": True, "version": _version(c)},
    ),
    Route(
        "post",
        "/{case_id}/reopen",
        lambda c: {"reason": "Ny bekymring", "version": _version(c)},
        prepare=_close,
    ),
]

# For tests/api/test_permissions.py: (method, path) of every case route.
CASE_ROUTE_PATHS = {(r.method, f"/cases{r.path}") for r in CASE_ROUTES}


def call(client: ApiClient, route: Route, ctx: Ctx) -> Any:
    path = "/cases" + route.path.format(case_id=ctx.case.pk, **ctx.ids)
    if route.method == "get":
        return client.get(path)
    body = route.body(ctx) if route.body else {}
    if route.method == "post":
        return client.post(path, body)
    return client.patch(path, body)


@pytest.fixture
def ctx(db: None) -> Ctx:
    story = make_story()
    return Ctx(story, story.open_case())


def _arrange(route: Route, ctx: Ctx) -> None:
    route.prepare(ctx)


def _ids(route: Route) -> str:
    return route.name


@pytest.mark.parametrize("route", CASE_ROUTES, ids=_ids)
def test_the_one_allowed_may(ctx: Ctx, route: Route) -> None:
    _arrange(route, ctx)
    actor = ctx.story.kari if route.by == "holder" else ctx.story.tone

    response = call(api_client_for(actor), route, ctx)

    assert response.status_code == route.ok, response.content
    if route.method == "get" and route.path == "":
        assert ctx.case.pk in [c["id"] for c in response.json()["items"]]


OUTSIDERS: dict[str, Callable[[Story], User]] = {
    "colleague without consent": lambda s: s.colleague,
    "nurse whose unit does not take part": lambda s: s.hanne,
    "another municipality": lambda s: s.outsider,
}


@pytest.mark.parametrize("who", list(OUTSIDERS))
@pytest.mark.parametrize("route", CASE_ROUTES, ids=_ids)
def test_anyone_else_finds_nothing(ctx: Ctx, route: Route, who: str) -> None:
    _arrange(route, ctx)
    client = api_client_for(OUTSIDERS[who](ctx.story))

    response = call(client, route, ctx)

    if route.path == "":
        if route.method == "get":
            assert response.status_code == 200
            assert ctx.case.pk not in [c["id"] for c in response.json()["items"]]
        else:
            # Only a child the caller may see: the colleague sees Emil through the enrolment.
            expected = 201 if who == "colleague without consent" else 422
            assert response.status_code == expected
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("route", [r for r in CASE_ROUTES if r.by == "offered"], ids=_ids)
def test_the_holder_cannot_answer_their_own_offer(ctx: Ctx, route: Route) -> None:
    _arrange(route, ctx)
    assert call(api_client_for(ctx.story.kari), route, ctx).status_code == 404


# A closed case cannot be offered, so reopening is left out here.
OFFERED_CANNOT = [r for r in CASE_ROUTES if r.by == "holder" and r.path and r.prepare is not _close]


@pytest.mark.parametrize("route", OFFERED_CANNOT, ids=_ids)
def test_the_offered_employee_reads_nothing_before_accepting(ctx: Ctx, route: Route) -> None:
    _arrange(route, ctx)
    if route.prepare is not _offer:
        _offer(ctx)
    response = call(api_client_for(ctx.story.tone), route, ctx)
    assert response.status_code == 404


@pytest.mark.parametrize("route", CASE_ROUTES, ids=_ids)
def test_a_stranger_is_not_let_in(ctx: Ctx, route: Route, stranger_api: ApiClient) -> None:
    _arrange(route, ctx)
    assert call(stranger_api, route, ctx).status_code == 401
