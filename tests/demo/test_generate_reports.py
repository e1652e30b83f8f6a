"""`rodtrad generate`: reports of concern to child welfare, their handling and the
anonymous consultations (reporting.py)."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet

from rodtrad.cases.models import Case
from rodtrad.consent.models import Consent
from rodtrad.demo.generator import generated_municipalities
from rodtrad.organisation.models import Membership, Role, Unit, UnitKind
from rodtrad.people.models import Child
from rodtrad.policy.reports import statistics_consultations, statistics_reports
from rodtrad.reports import deadlines
from rodtrad.reports.deadlines import OSLO
from rodtrad.reports.models import (
    INVESTIGATION_ENDED,
    REVIEW_DECIDED,
    TRANSITIONS,
    ConcernReport,
    Consultation,
    DeadlineReminder,
    FeedbackKind,
    SourceKind,
    Status,
    source_kind_of,
)
from rodtrad.reports.statistics import report_statistics
from rodtrad.teams.models import Team
from tests.conftest import logged_in_client
from tests.demo.generating import TODAY, generate

pytestmark = pytest.mark.django_db

MIDNIGHT = datetime.datetime.combine(TODAY, datetime.time(0), tzinfo=OSLO)
NOW = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=OSLO)


def reports_only() -> str:
    out = StringIO()
    call_command("generate", "--reports-only", today=TODAY, stdout=out)
    return out.getvalue()


def generated_reports() -> QuerySet[ConcernReport]:
    return ConcernReport.objects.filter(municipality__in=generated_municipalities())


def report_rows() -> list[tuple[object, ...]]:
    """Everything about the reports that does not depend on primary keys."""
    return sorted(
        tuple(str(value) for value in row)
        for row in generated_reports().values_list(
            "child__identity_number",
            "receiving_unit__name",
            "reporter__username",
            "registered_by__username",
            "source_kind",
            "case__opened_at",
            "received_at",
            "status",
            "reviewed_at",
            "first_feedback_at",
            "second_feedback_at",
        )
    ) + sorted(
        Consultation.objects.filter(
            consulting_unit__municipality__in=generated_municipalities()
        ).values_list("consulting_unit__name", "recorded_by__username", "held_on", "outcome")
    )


def test_a_few_children_in_a_hundred_are_reported_each_year_by_every_source() -> None:
    output = generate()
    reports = generated_reports()
    children = Child.objects.filter(municipality__in=generated_municipalities()).count()
    # About 5 in 100 children a year, over three years.
    assert 0.10 * children <= reports.count() <= 0.20 * children
    sources = Counter(reports.values_list("source_kind", flat=True))
    assert set(sources) == set(SourceKind.values)
    assert sources[SourceKind.POLICE] > sources[SourceKind.KINDERGARTEN]
    # Spread over the three years up to today, fewer in July.
    months = Counter(
        r.astimezone(OSLO).month for r in reports.values_list("received_at", flat=True)
    )
    assert len(months) == 12
    assert months[7] < months[10]
    first = min(reports.values_list("received_at", flat=True))
    assert first.date() >= TODAY - datetime.timedelta(days=3 * 365)
    # Most about children with a relay log, some from the log itself.
    logged = reports.filter(child__cases__isnull=False).distinct().count()
    assert logged > reports.count() / 2
    assert reports.filter(case__isnull=False).exists()
    assert Consultation.objects.filter(
        child_welfare_unit__municipality__in=generated_municipalities()
    ).exists()
    assert "reports of concern" in output or "bekymringsmeldinger" in output


def test_reports_come_from_the_childs_units_to_the_service_that_serves_it() -> None:
    generate(children=1000)
    for report in generated_reports().select_related(
        "child", "reporter_unit", "receiving_unit", "case"
    )[:300]:
        assert report.receiving_unit.kind == UnitKind.CHILD_WELFARE
        assert (
            Unit.objects.serving(report.child.municipality)
            .filter(pk=report.receiving_unit_id)
            .exists()
        )
        assert report.municipality_id == report.child.municipality_id
        if report.reporter_id is None:  # registered by child welfare
            assert report.received_from and report.registered_by_id is not None
            assert Membership.objects.filter(
                user_id=report.registered_by_id, unit_id=report.receiving_unit_id
            ).exists()
            continue
        assert report.reporter_unit is not None
        assert report.reporter_unit.kind != UnitKind.CHILD_WELFARE
        assert report.source_kind == source_kind_of(report.reporter_unit)
        assert Membership.objects.filter(
            user_id=report.reporter_id, unit_id=report.reporter_unit.pk
        ).exists()
        if report.case is not None:
            # Sent by the baton holder while the relay log was open.
            assert report.case.child_id == report.child_id
            assert report.case.holder_id == report.reporter_id
            assert report.case.opened_at < report.received_at
        if report.reporter_unit.kind in (UnitKind.KINDERGARTEN, UnitKind.SCHOOL):
            assert report.child.enrolments.filter(unit=report.reporter_unit).exists()


def test_the_handling_follows_the_rules_and_the_deadlines() -> None:
    generate(children=1000)
    reports = generated_reports().prefetch_related("status_changes", "feedback")
    late = met = 0
    for report in reports:
        received = report.received_at
        assert received < MIDNIGHT
        assert report.review_due_on == deadlines.review_due(received)
        assert report.feedback_due_on == deadlines.feedback_due(received)
        # The status changes go from received to the status, by the allowed steps.
        status: str = Status.RECEIVED
        moment = received
        for change in report.status_changes.all():
            assert change.from_status == status
            assert change.to_status in TRANSITIONS[status]
            assert moment < change.changed_at < MIDNIGHT
            assert change.changed_by_id == report.handler_id
            status, moment = change.to_status, change.changed_at
        assert report.status == status
        assert (report.handler_id is None) == (status == Status.RECEIVED)
        assert (report.reviewed_at is not None) == (status in REVIEW_DECIDED)
        ended = report.investigation_ended_at
        assert (ended is not None) == (status in INVESTIGATION_ENDED)
        if ended is not None:
            assert report.second_feedback_due_on == deadlines.second_feedback_due(ended)
        else:
            assert report.second_feedback_due_on is None
        feedback = {f.kind: f for f in report.feedback.all()}
        first = feedback.get(FeedbackKind.FIRST)
        assert (first is None) == (report.first_feedback_at is None)
        if first is not None:
            assert report.reviewed_at is not None
            assert first.given_at == report.first_feedback_at
            assert report.reviewed_at < first.given_at < MIDNIGHT
            assert first.investigation_opened == (
                report.status != Status.CLOSED_WITHOUT_INVESTIGATION
            )
            if deadlines.met(report.feedback_due_on, first.given_at):
                met += 1
            else:
                late += 1
        second = feedback.get(FeedbackKind.SECOND)
        assert (second is None) == (report.second_feedback_at is None)
        if second is not None:
            assert first is not None and ended is not None
            assert first.given_at < second.given_at and ended < second.given_at
            assert second.measures == (report.status == Status.MEASURES)
    # Most feedback in time, some late; some reports still being handled.
    assert met > 4 * late > 0
    assert reports.filter(status=Status.INVESTIGATION).exists()
    assert reports.filter(status=Status.MEASURES).exists()


def test_the_reminders_are_those_the_periodic_job_would_have_sent() -> None:
    generate(children=1000)
    reminders = DeadlineReminder.objects.filter(
        report__municipality__in=generated_municipalities()
    ).select_related("report")
    assert reminders.exists()
    done_field = {
        "review": "reviewed_at",
        "feedback": "first_feedback_at",
        "second_feedback": "second_feedback_at",
    }
    for reminder in reminders:
        report = reminder.report
        done = getattr(report, done_field[reminder.deadline])
        assert report.received_at < reminder.sent_at < MIDNIGHT
        # Sent while the deadline was not met.
        assert done is None or done > reminder.sent_at
        if reminder.stage == "overdue":
            assert deadlines.local_date(reminder.sent_at) > reminder.due_on
        else:
            assert deadlines.local_date(reminder.sent_at) <= reminder.due_on


def test_reports_only_replaces_them_and_gives_the_same_again() -> None:
    generate(children=1000)
    first = report_rows()
    cases, teams, consents = Case.objects.count(), Team.objects.count(), Consent.objects.count()
    output = reports_only()
    assert "reports of concern" in output or "bekymringsmeldinger" in output
    assert report_rows() == first
    reports_only()
    assert report_rows() == first
    assert (Case.objects.count(), Team.objects.count(), Consent.objects.count()) == (
        cases,
        teams,
        consents,
    )
    generate("--replace", children=1000)
    assert report_rows() == first


def test_reports_only_needs_a_generated_data_set() -> None:
    with pytest.raises(CommandError, match="--reports-only"):
        reports_only()


def test_only_one_part_at_a_time() -> None:
    with pytest.raises(CommandError, match="--reports-only"):
        call_command("generate", "--teams-only", "--reports-only", stdout=StringIO())


def test_a_child_welfare_leaders_statistics_count_the_services_reports() -> None:
    generate(children=1000)
    seat = (
        Membership.objects.filter(
            role=Role.LEADER,
            unit__kind=UnitKind.CHILD_WELFARE,
            unit__municipality__in=generated_municipalities(),
        )
        .select_related("user", "unit")
        .order_by("unit__name")
        .first()
    )
    assert seat is not None
    start = TODAY - datetime.timedelta(days=3 * 365)
    figures = report_statistics(
        statistics_reports(seat.user),
        statistics_consultations(seat.user),
        start=start,
        end=TODAY,
        now=NOW,
    )
    received = generated_reports().filter(receiving_unit=seat.unit)
    assert figures.total == received.count() > 0
    assert sum(s.count for s in figures.by_source) == figures.total
    assert 0 < figures.review.in_time <= figures.review.reached <= figures.total
    assert figures.feedback_days_median is not None
    assert figures.consultations_total > 0

    page = logged_in_client(seat.user).get(
        f"/meldinger/statistikk/?date_from={start}&date_to={TODAY}"
    )
    assert page.status_code == 200
    assert f"{figures.total} meldinger mottatt" in page.content.decode()
