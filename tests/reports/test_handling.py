"""Child welfare handles a report: status changes and the feedback the law
promises the reporter (do_change_status, do_give_feedback), without HTTP."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.notifications.models import Notification
from rodtrad.policy import NotFound
from rodtrad.reports.actions import (
    MESSAGE_STATUS_CHANGED_MEANWHILE,
    do_change_status,
    do_give_feedback,
    feedback_due_kind,
)
from rodtrad.reports.models import ConcernReport, FeedbackKind, Status, StatusChange
from tests.reports.world import ReportWorld

UTC = datetime.UTC
RECEIVED = datetime.datetime(2025, 3, 10, 9, 30, tzinfo=UTC)


def later(days: int, hour: int = 10) -> datetime.datetime:
    return RECEIVED.replace(hour=hour) + datetime.timedelta(days=days)


@pytest.fixture
def report(world: ReportWorld) -> ConcernReport:
    return world.send(now=RECEIVED)


def test_it_takes_the_report_under_review_and_makes_the_worker_its_case_worker(
    world: ReportWorld, report: ConcernReport
) -> None:
    changed = do_change_status(
        report, actor=world.cw_worker, to_status=Status.UNDER_REVIEW, now=later(1)
    )

    assert changed.status == Status.UNDER_REVIEW
    assert changed.handler == world.cw_worker
    # Under review is not yet the decision the review deadline asks for.
    assert changed.reviewed_at is None


def test_it_meets_the_review_deadline_with_the_decision(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.UNDER_REVIEW, now=later(1))
    changed = do_change_status(
        report, actor=world.cw_leader, to_status=Status.INVESTIGATION, now=later(6)
    )

    assert changed.reviewed_at == later(6)
    assert changed.handler == world.cw_worker  # the first to handle it stays case worker


def test_it_sets_the_second_feedback_deadline_when_the_investigation_ends(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION, now=later(3))
    # 14 October 2025, 23:15 in Oslo: three weeks across the autumn change.
    ended = datetime.datetime(2025, 10, 14, 21, 15, tzinfo=UTC)

    changed = do_change_status(report, actor=world.cw_worker, to_status=Status.MEASURES, now=ended)

    assert changed.investigation_ended_at == ended
    assert changed.second_feedback_due_on == datetime.date(2025, 11, 4)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], Status.MEASURES),  # measures need an investigation first
        ([], Status.CLOSED_AFTER_INVESTIGATION),
        ([Status.INVESTIGATION], Status.CLOSED_WITHOUT_INVESTIGATION),
        ([Status.CLOSED_WITHOUT_INVESTIGATION], Status.INVESTIGATION),  # closed is closed
        ([Status.INVESTIGATION, Status.MEASURES], Status.RECEIVED),
        ([Status.UNDER_REVIEW], Status.RECEIVED),
        ([], "nonsense"),
    ],
)
def test_it_refuses_a_move_the_process_does_not_allow(
    world: ReportWorld, report: ConcernReport, path: list[str], refused: str
) -> None:
    for status in path:
        do_change_status(report, actor=world.cw_worker, to_status=status)
    before = ConcernReport.objects.get(pk=report.pk).status

    with pytest.raises(ValidationError) as excinfo:
        do_change_status(report, actor=world.cw_worker, to_status=refused)

    assert set(excinfo.value.message_dict) == {"status"}
    assert ConcernReport.objects.get(pk=report.pk).status == before


def test_it_saves_nothing_when_someone_else_changed_the_status_meanwhile(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_leader, to_status=Status.UNDER_REVIEW)

    with pytest.raises(ValidationError) as excinfo:
        do_change_status(
            report,
            actor=world.cw_worker,
            to_status=Status.CLOSED_WITHOUT_INVESTIGATION,
            expected_status=Status.RECEIVED,
        )

    assert excinfo.value.message_dict == {"status": [str(MESSAGE_STATUS_CHANGED_MEANWHILE)]}
    assert "i mellomtiden" in str(MESSAGE_STATUS_CHANGED_MEANWHILE)
    assert ConcernReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_it_keeps_the_history_with_child_welfares_note_and_audits_without_it(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(
        report, actor=world.cw_worker, to_status=Status.INVESTIGATION, note="Ring skolen."
    )

    change = StatusChange.objects.get(report=report)
    assert (change.from_status, change.to_status, change.note) == (
        Status.RECEIVED,
        Status.INVESTIGATION,
        "Ring skolen.",
    )
    event = AuditEvent.objects.get(action="report.status_changed")
    assert event.changes["status"] == [Status.RECEIVED, Status.INVESTIGATION]
    assert event.changes["handler"] == [None, world.cw_worker.pk]
    assert "Ring skolen" not in str(event.changes)
    assert event.reason == "receiving_unit"


@pytest.mark.parametrize("name", ["teacher", "school_leader", "trondheim_cw_worker", "colleague"])
def test_it_lets_nobody_but_the_receiving_service_change_the_status(
    world: ReportWorld, report: ConcernReport, name: str
) -> None:
    with pytest.raises(NotFound):
        do_change_status(report, actor=getattr(world, name), to_status=Status.UNDER_REVIEW)

    assert ConcernReport.objects.get(pk=report.pk).status == Status.RECEIVED


# Feedback


def test_it_gives_no_feedback_before_the_review_decision(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.UNDER_REVIEW)

    assert feedback_due_kind(report) is None
    with pytest.raises(ValidationError) as excinfo:
        do_give_feedback(report, actor=world.cw_worker)

    assert set(excinfo.value.message_dict) == {"kind"}


def test_it_tells_the_reporter_that_an_investigation_was_opened(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION, now=later(4))

    feedback = do_give_feedback(
        report, actor=world.cw_worker, message="Takk for meldingen.", now=later(12)
    )

    assert feedback.kind == FeedbackKind.FIRST
    assert feedback.investigation_opened is True
    assert feedback.measures is None
    report.refresh_from_db()
    assert report.first_feedback_at == later(12)


def test_it_tells_the_reporter_that_no_investigation_was_opened(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.CLOSED_WITHOUT_INVESTIGATION)

    feedback = do_give_feedback(report, actor=world.cw_worker)

    assert feedback.investigation_opened is False
    with pytest.raises(ValidationError):
        do_give_feedback(report, actor=world.cw_worker)  # nothing more is due


def test_it_gives_the_second_feedback_after_the_investigation_ends(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)
    do_give_feedback(report, actor=world.cw_worker)
    with pytest.raises(ValidationError):
        do_give_feedback(report, actor=world.cw_worker)  # the investigation is still going

    do_change_status(report, actor=world.cw_worker, to_status=Status.CLOSED_AFTER_INVESTIGATION)
    second = do_give_feedback(report, actor=world.cw_worker)

    assert second.kind == FeedbackKind.SECOND
    assert second.measures is False
    assert second.investigation_opened is None
    with pytest.raises(ValidationError):
        do_give_feedback(report, actor=world.cw_worker)


def test_it_gives_both_feedbacks_when_the_investigation_ended_before_the_first(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)
    do_change_status(report, actor=world.cw_worker, to_status=Status.MEASURES)

    first = do_give_feedback(report, actor=world.cw_worker)
    second = do_give_feedback(report, actor=world.cw_worker)

    assert (first.kind, first.investigation_opened) == (FeedbackKind.FIRST, True)
    assert (second.kind, second.measures) == (FeedbackKind.SECOND, True)


def test_it_notifies_the_reporter_without_personal_data_and_audits(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)

    do_give_feedback(report, actor=world.cw_worker, message="Vi tar kontakt.")

    notification = Notification.objects.get(kind="report.feedback")
    assert notification.recipient == world.teacher
    assert notification.link == f"/meldinger/{report.pk}/"
    assert "Jonas" not in notification.title
    event = AuditEvent.objects.get(action="report.feedback_given")
    assert event.changes == {"kind": [None, "first"], "investigation_opened": [None, True]}


def test_it_refuses_an_identity_number_in_the_message(
    world: ReportWorld, report: ConcernReport
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)

    with pytest.raises(ValidationError) as excinfo:
        do_give_feedback(
            report, actor=world.cw_worker, message=f"Gjelder {world.jonas.identity_number}"
        )

    assert set(excinfo.value.message_dict) == {"message"}
    assert not report.feedback.exists()


def test_it_refuses_a_long_message(world: ReportWorld, report: ConcernReport) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)

    with pytest.raises(ValidationError):
        do_give_feedback(report, actor=world.cw_worker, message="x" * 1001)


@pytest.mark.parametrize("name", ["teacher", "school_leader", "trondheim_cw_worker"])
def test_it_lets_nobody_but_the_receiving_service_give_feedback(
    world: ReportWorld, report: ConcernReport, name: str
) -> None:
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)

    with pytest.raises(NotFound):
        do_give_feedback(report, actor=getattr(world, name))

    assert not report.feedback.exists()
