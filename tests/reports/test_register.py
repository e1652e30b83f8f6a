"""do_register_received_report: child welfare writes in a report it received
by phone or letter (from a parent, a neighbour, the police), so the
statistics count every source, guardians included."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.policy.reports import report_access, sent_reports
from rodtrad.reports.actions import (
    do_change_status,
    do_give_feedback,
    do_register_received_report,
)
from rodtrad.reports.models import ConcernReport, SourceKind, Status
from tests.conftest import logged_in_client, nb
from tests.reports.world import ReportWorld

RECEIVED = datetime.datetime(2025, 3, 10, 14, 5, tzinfo=datetime.UTC)


def register(world: ReportWorld, **overrides: Any) -> ConcernReport:
    arguments: dict[str, Any] = {
        "actor": world.cw_worker,
        "receiving_unit_id": world.child_welfare.pk,
        "identity_number": world.jonas.identity_number,
        "source_kind": SourceKind.GUARDIANS,
        "received_from": "Mor, på telefon",
        "grounds": "Mor er bekymret for samværet med far.",
        "observations": "Jonas kom hjem med blåmerker søndag.",
        "guardians_told": True,
        "received_at": RECEIVED,
    }
    arguments.update(overrides)
    return do_register_received_report(**arguments)


def test_it_registers_a_report_from_a_parent(world: ReportWorld) -> None:
    report = register(world)

    assert report.child == world.jonas
    assert report.source_kind == SourceKind.GUARDIANS
    assert report.reporter is None and report.reporter_unit is None
    assert report.registered_by == world.cw_worker
    assert report.received_at == RECEIVED
    assert report.review_due_on == datetime.date(2025, 3, 17)
    assert report.feedback_due_on == datetime.date(2025, 3, 31)
    event = AuditEvent.objects.get(action="report.registered")
    assert event.child_id == world.jonas.pk
    assert "samværet" not in str(event.changes)


def test_it_finds_the_child_by_a_spaced_identity_number(world: ReportWorld) -> None:
    number = world.jonas.identity_number or ""

    report = register(world, identity_number=f"{number[:6]} {number[6:]}")

    assert report.child == world.jonas


def test_it_finds_no_child_outside_the_municipalities_it_serves(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        register(
            world,
            actor=world.trondheim_cw_worker,
            receiving_unit_id=world.trondheim_child_welfare.pk,
        )

    assert excinfo.value.message_dict == {"identity_number": ["Fant ikke barnet."]}
    assert world.jonas.identity_number is not None
    assert world.jonas.identity_number not in str(excinfo.value)


def test_it_lets_only_child_welfare_register(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        register(world, actor=world.teacher)

    assert set(excinfo.value.message_dict) == {"receiving_unit"}
    assert not ConcernReport.objects.exists()


def test_it_needs_who_reported_and_refuses_a_future_time(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        register(
            world,
            received_from=" ",
            source_kind="aliens",
            received_at=timezone.now() + datetime.timedelta(hours=2),
            guardians_told=None,
        )

    assert set(excinfo.value.message_dict) == {
        "received_from",
        "source_kind",
        "received_at",
        "guardians_told",
    }


def test_it_is_handled_like_any_report_without_a_reporter_to_notify(world: ReportWorld) -> None:
    report = register(world)
    do_change_status(report, actor=world.cw_worker, to_status=Status.CLOSED_WITHOUT_INVESTIGATION)

    do_give_feedback(report, actor=world.cw_worker)

    assert not Notification.objects.filter(kind="report.feedback").exists()
    assert report_access(world.teacher, report) is None
    assert not sent_reports(world.school_leader).exists()


def test_the_page_registers_it_and_shows_who_reported(world: ReportWorld) -> None:
    client = logged_in_client(world.cw_worker)

    response = client.post(
        "/meldinger/innboks/registrer/",
        {
            "receiving_unit": world.child_welfare.pk,
            "identity_number": world.jonas.identity_number,
            "received_at": "2025-03-10T15:05",
            "source_kind": "guardians",
            "received_from": "Mor, på telefon",
            "grounds": "Bekymret for samvær.",
            "observations": "Blåmerker søndag.",
            "guardians_told": "yes",
        },
    )

    report = ConcernReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meldinger/{report.pk}/"
    assert world.jonas.identity_number is not None
    assert world.jonas.identity_number not in response["Location"]
    # 15:05 in Oslo (winter time) is 14:05 UTC.
    assert report.received_at == RECEIVED
    page = client.get(response["Location"]).content.decode()
    assert "Mor, på telefon" in page
    assert nb("Guardians") in page


def test_the_page_keeps_the_identity_number_out_of_the_error(world: ReportWorld) -> None:
    client = logged_in_client(world.trondheim_cw_worker)

    response = client.post(
        "/meldinger/innboks/registrer/",
        {
            "receiving_unit": world.trondheim_child_welfare.pk,
            "identity_number": world.jonas.identity_number,
            "source_kind": "police",
            "received_from": "Politiet",
            "grounds": "x",
            "observations": "y",
            "guardians_told": "yes",
        },
    )

    assert response.status_code == 422
    assert nb("Child not found.") in response.content.decode()


def test_the_statistics_count_it_under_its_source(world: ReportWorld) -> None:
    from rodtrad.policy.reports import statistics_consultations, statistics_reports
    from rodtrad.reports.statistics import report_statistics

    register(world)
    register(world, source_kind=SourceKind.POLICE, received_from="Politiet, SLT")
    world.send(now=RECEIVED)

    figures = report_statistics(
        statistics_reports(world.cw_worker),
        statistics_consultations(world.cw_worker),
        start=datetime.date(2025, 3, 1),
        end=datetime.date(2025, 3, 31),
        now=RECEIVED,
    )

    counts = {s.kind: s.count for s in figures.by_source}
    assert (counts["guardians"], counts["police"], counts["school"]) == (1, 1, 1)
