"""send_report_deadline_reminders(now): reminded before a deadline passes,
once more when it has, never twice, called directly with a chosen "now"."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.organisation.models import Membership
from rodtrad.reports.actions import (
    do_change_status,
    do_give_feedback,
    send_report_deadline_reminders,
)
from rodtrad.reports.models import ConcernReport, DeadlineReminder, Status
from tests.reports.world import ReportWorld

OSLO = ZoneInfo("Europe/Oslo")
# Received Saturday 29 March 2025 at 23:30 in Oslo, the night the clocks go forward.
RECEIVED = datetime.datetime(2025, 3, 29, 23, 30, tzinfo=OSLO)
# Review due Saturday 5 April; feedback due Saturday 19 April.


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def report(world: ReportWorld) -> ConcernReport:
    report = world.send(now=RECEIVED)
    Notification.objects.all().delete()  # the "new report" notices
    return report


def reminders() -> list[tuple[str, str, datetime.date]]:
    return list(DeadlineReminder.objects.order_by("pk").values_list("deadline", "stage", "due_on"))


def test_it_reminds_nobody_while_there_is_time(report: ConcernReport) -> None:
    assert report.review_due_on == datetime.date(2025, 4, 5)

    assert send_report_deadline_reminders(at(4, 2, 23, 59)) == 0  # 3 days left
    assert reminders() == []


def test_it_reminds_two_days_before_the_review_deadline(report: ConcernReport) -> None:
    assert send_report_deadline_reminders(at(4, 3, 0, 0)) == 1

    assert reminders() == [("review", "soon", datetime.date(2025, 4, 5))]


def test_it_never_sends_the_same_reminder_twice(report: ConcernReport) -> None:
    send_report_deadline_reminders(at(4, 3))
    send_report_deadline_reminders(at(4, 4))

    assert send_report_deadline_reminders(at(4, 5, 23, 59)) == 0
    assert Notification.objects.count() == 1  # to the service's leader, once


def test_it_reminds_again_from_midnight_in_oslo_after_the_deadline(
    report: ConcernReport,
) -> None:
    send_report_deadline_reminders(at(4, 3))

    assert send_report_deadline_reminders(at(4, 5, 23, 59)) == 0
    assert send_report_deadline_reminders(at(4, 6, 0, 0)) == 1
    assert reminders()[-1] == ("review", "overdue", datetime.date(2025, 4, 5))


def test_it_stops_reminding_of_a_deadline_that_was_met(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION, now=at(4, 2))

    assert send_report_deadline_reminders(at(4, 10)) == 0
    # The feedback deadline (19 April) is still open.
    assert send_report_deadline_reminders(at(4, 17)) == 1
    assert reminders() == [("feedback", "soon", datetime.date(2025, 4, 19))]


def test_it_reminds_of_the_second_feedback_after_an_investigation(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION, now=at(4, 1))
    do_give_feedback(report, actor=world.cw_worker, now=at(4, 2))
    # Ended Friday 24 October at 00:30 Oslo (Thursday 22:30 UTC): due 14 November.
    ended = datetime.datetime(2025, 10, 24, 0, 30, tzinfo=OSLO)
    do_change_status(report, actor=world.cw_worker, to_status=Status.MEASURES, now=ended)

    assert send_report_deadline_reminders(datetime.datetime(2025, 11, 11, tzinfo=OSLO)) == 0
    assert send_report_deadline_reminders(datetime.datetime(2025, 11, 12, tzinfo=OSLO)) == 1
    assert reminders() == [("second_feedback", "soon", datetime.date(2025, 11, 14))]


def test_it_sends_one_reminder_per_open_deadline(report: ConcernReport) -> None:
    # 20 April: the review (5 April) and the feedback (19 April) have both passed.
    assert send_report_deadline_reminders(at(4, 20)) == 2

    assert {(d, s) for d, s, _ in reminders()} == {("review", "overdue"), ("feedback", "overdue")}


def test_it_reminds_the_case_worker_when_there_is_one(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.UNDER_REVIEW, now=at(4, 1))

    send_report_deadline_reminders(at(4, 3))

    assert [n.recipient for n in Notification.objects.all()] == [world.cw_worker]


def test_it_reminds_the_leaders_when_nobody_handles_the_report(
    world: ReportWorld, report: ConcernReport
) -> None:
    send_report_deadline_reminders(at(4, 3))

    assert [n.recipient for n in Notification.objects.all()] == [world.cw_leader]


def test_it_reminds_everyone_in_the_service_when_it_has_no_leader(
    world: ReportWorld, report: ConcernReport
) -> None:
    Membership.objects.filter(user=world.cw_leader).update(role="employee")

    send_report_deadline_reminders(at(4, 3))

    assert {n.recipient for n in Notification.objects.all()} == {world.cw_worker, world.cw_leader}


def test_it_puts_no_personal_data_in_the_reminder(
    world: ReportWorld, report: ConcernReport
) -> None:
    send_report_deadline_reminders(at(4, 3))

    notification = Notification.objects.get()
    assert notification.kind == "report.review_soon"
    assert notification.link == f"/meldinger/{report.pk}/"
    assert "Jonas" not in notification.title
    event = AuditEvent.objects.get(action="report.reminder_sent")
    assert event.actor_id is None
    assert event.changes["deadline"] == [None, "review"]


def test_it_does_not_run_twice_at_once(report: ConcernReport) -> None:
    """A second run while another holds the lock sends nothing."""
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(6130201)")
        assert send_report_deadline_reminders(at(4, 3)) == 0
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(6130201)")
        other.close()

    assert send_report_deadline_reminders(at(4, 3)) == 1


def test_the_reminder_is_a_periodic_procrastinate_task(report: ConcernReport) -> None:
    from procrastinate.contrib.django import app

    from rodtrad.reports import tasks

    periodic = [p.task.name for p in app.periodic_registry.periodic_tasks.values()]
    assert "rodtrad.reports.tasks.remind_report_deadlines" in periodic
    # Received "now" in the fixture's 2025: every deadline has long passed.
    assert tasks.remind_report_deadlines(0) == 2
    assert tasks.remind_report_deadlines(0) == 0
