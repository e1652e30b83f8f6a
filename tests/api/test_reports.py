"""/api/v1/reports in depth: sending, each side's view, the inbox, status,
feedback, statistics and the PDF. Access per caller: test_reports_permissions.py."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.utils import timezone

from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import CaseUnit
from rodtrad.consent.models import Consent, Decision, InformationCategory, Method, Purpose
from rodtrad.reports.actions import do_change_status, do_give_feedback
from rodtrad.reports.models import ConcernReport, Status
from tests.api.conftest import ApiClient, api_client_for
from tests.reports.world import ReportWorld, build_world


@pytest.fixture
def world(db: None) -> ReportWorld:
    return build_world()


@pytest.fixture
def teacher_api(world: ReportWorld) -> ApiClient:
    return api_client_for(world.teacher)


@pytest.fixture
def cw_api(world: ReportWorld) -> ApiClient:
    return api_client_for(world.cw_worker)


def body(world: ReportWorld, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "child": world.jonas.pk,
        "reporter_unit": world.school.pk,
        "grounds": "Jonas har blåmerker på armene.",
        "observations": "Mandag så jeg blåmerker på begge overarmene.",
        "acute": False,
        "guardians_told": False,
        "guardians_not_told_reason": "violence_or_abuse",
    }
    data.update(overrides)
    return data


# Sending


def test_it_sends_a_report_and_answers_with_the_reporters_view(
    world: ReportWorld, teacher_api: ApiClient
) -> None:
    response = teacher_api.post("/reports", body(world, case=world.case.pk))

    assert response.status_code == 201
    data = response.json()
    report = ConcernReport.objects.get()
    assert data["id"] == report.pk
    assert data["view"] == "sent"
    assert data["receiving_unit"] == {
        "id": world.child_welfare.pk,
        "name": "Barneverntjenesten for Melhus og Skaun",
    }
    assert data["source_kind"] == "school"
    assert data["case"] == world.case.pk
    assert data["feedback"] == []
    assert "status" not in data
    assert "identity_number" not in data["child"]
    assert AuditEvent.objects.filter(action="report.sent").count() == 1


def test_it_answers_422_with_not_found_for_a_child_out_of_reach(
    world: ReportWorld, teacher_api: ApiClient
) -> None:
    response = teacher_api.post("/reports", body(world, child=world.ida.pk))

    assert response.status_code == 422
    assert response.json()["errors"] == {"child": ["Fant ikke barnet."]}
    assert not ConcernReport.objects.exists()


def test_it_collects_every_error_at_once(world: ReportWorld, teacher_api: ApiClient) -> None:
    response = teacher_api.post(
        "/reports",
        body(world, grounds="", reporter_unit=world.kindergarten.pk, guardians_not_told_reason=""),
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "grounds",
        "reporter_unit",
        "guardians_not_told_reason",
    }


def test_it_refuses_unknown_fields_and_wrong_reasons(
    world: ReportWorld, teacher_api: ApiClient
) -> None:
    response = teacher_api.post(
        "/reports", body(world, guardians_not_told_reason="because", extra="x")
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"guardians_not_told_reason", "extra"}


def test_it_never_echoes_an_identity_number(
    world: ReportWorld, teacher_api: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    number = world.jonas.identity_number or ""

    with caplog.at_level(logging.DEBUG):
        response = teacher_api.post("/reports", {**body(world, child="x"), number: number})

    assert response.status_code == 422
    assert number not in response.content.decode()
    assert number not in caplog.text


# Each side's view


@pytest.fixture
def followed_up(world: ReportWorld) -> ConcernReport:
    report = world.send(case_id=world.case.pk)
    do_change_status(
        report, actor=world.cw_worker, to_status=Status.INVESTIGATION, note="Hjemmebesøk."
    )
    do_give_feedback(report, actor=world.cw_worker, message="Takk.")
    return report


def test_the_reporter_reads_the_report_and_the_feedback_only(
    world: ReportWorld, teacher_api: ApiClient, followed_up: ConcernReport
) -> None:
    data = teacher_api.get(f"/reports/{followed_up.pk}").json()

    assert data["view"] == "sent"
    assert data["feedback"] == [
        {
            "kind": "first",
            "given_at": data["feedback"][0]["given_at"],
            "investigation_opened": True,
            "measures": None,
            "message": "Takk.",
        }
    ]
    assert {"status", "history", "deadlines", "handler"} & set(data) == set()
    assert "Hjemmebesøk" not in str(data)
    assert data["case"] == world.case.pk
    assert data["feedback_due_on"] == followed_up.feedback_due_on.isoformat()


def test_child_welfare_reads_status_deadlines_history_but_not_the_schools_case(
    world: ReportWorld, cw_api: ApiClient, followed_up: ConcernReport
) -> None:
    data = cw_api.get(f"/reports/{followed_up.pk}").json()

    assert data["view"] == "received"
    assert data["status"] == "investigation"
    assert data["handler"] == "Bjorn Testesen"
    assert data["child"]["identity_number"] == world.jonas.identity_number
    assert [d["kind"] for d in data["deadlines"]] == ["review", "feedback"]
    assert {d["state"] for d in data["deadlines"]} == {"met"}
    assert data["history"][0]["note"] == "Hjemmebesøk."
    assert data["feedback_due"] is None
    # The report keeps its link, but child welfare has no reason of its own to see the case.
    assert data["case"] is None
    assert cw_api.get(f"/cases/{world.case.pk}").status_code == 404


def test_child_welfare_gets_the_case_link_when_the_familys_consent_covers_it(
    world: ReportWorld, cw_api: ApiClient, followed_up: ConcernReport
) -> None:
    today = timezone.localdate()
    consent = Consent.objects.create(
        municipality=world.skaun,
        child=world.jonas,
        purpose=Purpose.COLLABORATION,
        decision=Decision.GIVEN,
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        valid_from=today,
        valid_to=today + datetime.timedelta(days=30),
        method=Method.ORAL,
        documented_by=world.teacher,
        complete=True,
    )
    consent.units.set([world.child_welfare])
    CaseUnit.objects.create(case=world.case, unit=world.child_welfare)

    data = cw_api.get(f"/reports/{followed_up.pk}").json()

    assert data["case"] == world.case.pk


def test_it_audits_every_reading(
    world: ReportWorld, cw_api: ApiClient, followed_up: ConcernReport
) -> None:
    cw_api.get(f"/reports/{followed_up.pk}")

    event = AuditEvent.objects.filter(action="report.read").get()
    assert (event.actor_id, event.child_id, event.reason) == (
        world.cw_worker.pk,
        world.jonas.pk,
        "receiving_unit",
    )


# Lists


def test_the_inbox_is_child_welfares_default(
    world: ReportWorld, cw_api: ApiClient, teacher_api: ApiClient
) -> None:
    report = world.send()

    inbox = cw_api.get("/reports").json()
    sent = teacher_api.get("/reports").json()

    assert inbox["count"] == 1
    [item] = inbox["items"]
    assert item["view"] == "received"
    assert item["status"] == "received"
    assert item["next_deadline"]["kind"] == "review"
    assert item["next_deadline"]["days_left"] == 7
    [mine] = sent["items"]
    assert mine["id"] == report.pk
    assert mine["view"] == "sent"
    assert mine["status"] is None
    assert mine["next_deadline"] is None
    assert cw_api.get("/reports", box="sent").json()["count"] == 0


def test_the_inbox_filters_by_status(world: ReportWorld, cw_api: ApiClient) -> None:
    report = world.send()
    do_change_status(report, actor=world.cw_worker, to_status=Status.CLOSED_WITHOUT_INVESTIGATION)
    do_give_feedback(report, actor=world.cw_worker)

    assert cw_api.get("/reports").json()["count"] == 0
    assert cw_api.get("/reports", status="all").json()["count"] == 1
    assert cw_api.get("/reports", status="closed_without_investigation").json()["count"] == 1
    assert cw_api.get("/reports", box="other").status_code == 422


def test_a_list_audits_only_the_page_it_shows(world: ReportWorld, cw_api: ApiClient) -> None:
    for _ in range(3):
        world.send()

    response = cw_api.get("/reports", page_size=2)

    assert response.json()["count"] == 3
    assert len(response.json()["items"]) == 2
    assert AuditEvent.objects.filter(action="report.listed").count() == 2


# Handling


def test_child_welfare_changes_the_status(world: ReportWorld, cw_api: ApiClient) -> None:
    report = world.send()

    response = cw_api.post(
        f"/reports/{report.pk}/status",
        {"status": "under_review", "note": "Ser på den", "expected_status": "received"},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "under_review"
    assert response.json()["history"][0]["note"] == "Ser på den"


def test_a_status_changed_meanwhile_is_refused(world: ReportWorld, cw_api: ApiClient) -> None:
    report = world.send()
    do_change_status(report, actor=world.cw_leader, to_status=Status.UNDER_REVIEW)

    response = cw_api.post(
        f"/reports/{report.pk}/status", {"status": "investigation", "expected_status": "received"}
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"status"}


def test_a_move_the_process_does_not_allow_is_refused(
    world: ReportWorld, cw_api: ApiClient
) -> None:
    report = world.send()

    response = cw_api.post(f"/reports/{report.pk}/status", {"status": "measures"})

    assert response.status_code == 422
    assert response.json()["errors"]["status"] == [
        "Meldingen kan ikke gå fra «Mottatt» til «Undersøkelse avsluttet, tiltak»."
    ]


def test_child_welfare_gives_feedback(world: ReportWorld, cw_api: ApiClient) -> None:
    report = world.send()
    do_change_status(report, actor=world.cw_worker, to_status=Status.CLOSED_WITHOUT_INVESTIGATION)

    response = cw_api.post(f"/reports/{report.pk}/feedback", {"message": "Takk for meldingen."})

    assert response.status_code == 201
    data = response.json()
    assert (data["kind"], data["investigation_opened"], data["message"]) == (
        "first",
        False,
        "Takk for meldingen.",
    )
    again = cw_api.post(f"/reports/{report.pk}/feedback", {})
    assert again.status_code == 422


def test_feedback_before_the_decision_is_refused(world: ReportWorld, cw_api: ApiClient) -> None:
    report = world.send()

    response = cw_api.post(f"/reports/{report.pk}/feedback", {})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"kind"}


# Statistics and PDF


def test_the_statistics_count_by_source_and_month(world: ReportWorld, cw_api: ApiClient) -> None:
    world.send()
    world.send()

    data = cw_api.get("/reports/statistics").json()

    assert data["total"] == 2
    assert {s["source_kind"]: s["count"] for s in data["by_source"]}["school"] == 2
    this_month = timezone.localdate().strftime("%Y-%m")
    assert [m["total"] for m in data["by_month"] if m["month"] == this_month] == [2]
    assert data["feedback"] == {"reached": 0, "in_time": 0, "share_in_time": None}
    assert cw_api.get("/reports/statistics", municipality="5028").json()["total"] == 0
    old = cw_api.get("/reports/statistics", date_from="2020-01-01", date_to="2020-12-31")
    assert old.json()["total"] == 0


def test_the_pdf_is_for_the_reporters_records(
    world: ReportWorld, teacher_api: ApiClient, followed_up: ConcernReport
) -> None:
    response = teacher_api.get(f"/reports/{followed_up.pk}/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="report.printed", actor_id=world.teacher.pk).exists()


def test_the_routes_are_documented(db: None) -> None:
    from rodtrad.api.urls import api

    paths = api.get_openapi_schema()["paths"]

    assert {"post", "get"} <= set(paths["/api/v1/reports"])
    assert "get" in paths["/api/v1/reports/{report_id}"]
    assert "post" in paths["/api/v1/reports/{report_id}/status"]
    assert "post" in paths["/api/v1/reports/{report_id}/feedback"]
    assert "get" in paths["/api/v1/reports/statistics"]
