"""rodtrad.policy.reports: who sees a report, what of it, and the two walls —
the reporter never sees child welfare's follow-up, child welfare never sees
the school's relay log through the report."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from rodtrad import policy
from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import CaseUnit
from rodtrad.consent.models import (
    Consent,
    Decision,
    InformationCategory,
    Method,
    Purpose,
)
from rodtrad.policy import NotFound, ReportAction, ReportReason
from rodtrad.policy.reports import (
    linked_case_visible,
    report_access,
    reports_for_reporter,
    statistics_reports,
)
from rodtrad.reports.actions import do_change_status
from rodtrad.reports.models import ConcernReport
from tests.reports.world import ReportWorld

SEES = {
    "teacher": {ReportReason.REPORTER},
    "school_leader": {ReportReason.REPORTER_UNIT_LEADER},
    "cw_worker": {ReportReason.RECEIVING_UNIT},
    "cw_leader": {ReportReason.RECEIVING_UNIT},
}
SEES_NOTHING = ["colleague", "kindergarten_teacher", "trondheim_cw_worker", "skaun_admin"]


@pytest.mark.parametrize("name", list(SEES))
def test_it_lets_these_see_the_report(world: ReportWorld, name: str) -> None:
    report = world.send()

    access = report_access(getattr(world, name), report)

    assert access is not None
    assert access.reasons == SEES[name]
    assert report in policy.visible_reports(getattr(world, name))


@pytest.mark.parametrize("name", SEES_NOTHING)
def test_it_shows_nothing_to_anyone_else(world: ReportWorld, name: str) -> None:
    """A colleague at the same school, another unit, another child welfare
    service, the municipality's administrator: the report does not exist."""
    report = world.send()
    user = getattr(world, name)

    assert report_access(user, report) is None
    assert not policy.visible_reports(user).exists()
    with pytest.raises(NotFound):
        policy.get_report_for(user, report.pk)


def test_it_shows_nothing_to_an_anonymous_or_deactivated_user(world: ReportWorld) -> None:
    report = world.send()
    world.teacher.is_active = False
    world.teacher.save(update_fields=["is_active"])

    assert report_access(AnonymousUser(), report) is None
    assert report_access(world.teacher, report) is None
    assert not policy.visible_reports(AnonymousUser()).exists()


def test_it_puts_the_report_in_child_welfares_inbox_and_the_reporters_sent_list(
    world: ReportWorld,
) -> None:
    report = world.send()

    assert list(policy.received_reports(world.cw_worker)) == [report]
    assert list(policy.sent_reports(world.teacher)) == [report]
    assert list(policy.sent_reports(world.school_leader)) == [report]
    assert not policy.received_reports(world.teacher).exists()
    assert not policy.sent_reports(world.cw_worker).exists()
    assert not policy.received_reports(world.trondheim_cw_worker).exists()


def test_it_lets_only_child_welfare_handle_and_only_the_reporters_side_print(
    world: ReportWorld,
) -> None:
    report = world.send()

    teacher = report_access(world.teacher, report)
    leader = report_access(world.school_leader, report)
    worker = report_access(world.cw_worker, report)
    assert teacher is not None and leader is not None and worker is not None
    assert not teacher.allows(ReportAction.HANDLE)
    assert teacher.allows(ReportAction.PRINT)
    assert leader.allows(ReportAction.PRINT)
    assert worker.allows(ReportAction.HANDLE)
    assert not worker.allows(ReportAction.PRINT)
    assert worker.as_child_welfare
    assert not teacher.as_child_welfare


def test_it_audits_a_reading_with_its_reason(world: ReportWorld) -> None:
    report = world.send()

    policy.get_report_for(world.cw_worker, report.pk)

    event = AuditEvent.objects.get(action="report.read")
    assert event.actor_id == world.cw_worker.pk
    assert event.child_id == world.jonas.pk
    assert event.reason == "receiving_unit"


def test_it_audits_a_refused_attempt(world: ReportWorld) -> None:
    report = world.send()

    with pytest.raises(NotFound):
        policy.get_report_for(world.colleague, report.pk)

    event = AuditEvent.objects.get(action="report.denied")
    assert event.actor_id == world.colleague.pk
    assert event.child_id == world.jonas.pk
    assert event.changes == {"attempted": "report.read"}


def test_it_refuses_handling_to_the_reporter_and_audits_the_attempt(world: ReportWorld) -> None:
    report = world.send()

    with pytest.raises(NotFound):
        policy.get_report_for(world.teacher, report.pk, ReportAction.HANDLE)

    assert AuditEvent.objects.filter(action="report.denied", actor_id=world.teacher.pk).exists()


def test_it_writes_nothing_for_a_report_that_does_not_exist(world: ReportWorld) -> None:
    with pytest.raises(NotFound):
        policy.get_report_for(world.cw_worker, 424242)

    assert not AuditEvent.objects.filter(action__startswith="report.").exists()


# The walls, both ways.


def test_child_welfare_does_not_see_the_schools_relay_log_through_the_report(
    world: ReportWorld,
) -> None:
    report = world.send(case_id=world.case.pk)
    access = report_access(world.cw_worker, report)
    assert access is not None

    assert not linked_case_visible(world.cw_worker, report, access)
    assert world.case not in policy.visible_cases(world.cw_worker)
    with pytest.raises(NotFound):
        policy.get_case_for(world.cw_worker, world.case.pk)


def consent_for_child_welfare(world: ReportWorld) -> Consent:
    """Jonas's parents consent to child welfare taking part in the relay log
    (a consent row as do_register_consent leaves it, tested on its own)."""
    today = timezone.localdate()
    consent = Consent.objects.create(
        municipality=world.skaun,
        child=world.jonas,
        purpose=Purpose.COLLABORATION,
        decision=Decision.GIVEN,
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        valid_from=today,
        valid_to=today + datetime.timedelta(days=180),
        method=Method.PAPER,
        documented_by=world.teacher,
        complete=True,
    )
    consent.units.set([world.child_welfare])
    CaseUnit.objects.create(case=world.case, unit=world.child_welfare)
    return consent


def test_child_welfare_sees_the_relay_log_when_the_familys_consent_gives_it(
    world: ReportWorld,
) -> None:
    report = world.send(case_id=world.case.pk)
    consent_for_child_welfare(world)
    access = report_access(world.cw_worker, report)
    assert access is not None

    assert linked_case_visible(world.cw_worker, report, access)
    case, case_access = policy.get_case_for(world.cw_worker, world.case.pk)
    assert case == world.case
    assert policy.Reason.CONSENTED_UNIT in case_access.reasons


def test_child_welfare_loses_the_relay_log_again_when_consent_is_withdrawn(
    world: ReportWorld,
) -> None:
    report = world.send(case_id=world.case.pk)
    consent = consent_for_child_welfare(world)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    access = report_access(world.cw_worker, report)
    assert access is not None

    assert not linked_case_visible(world.cw_worker, report, access)


def test_the_reporter_sees_the_relay_log_the_report_came_from(world: ReportWorld) -> None:
    report = world.send(case_id=world.case.pk)
    access = report_access(world.teacher, report)
    assert access is not None

    assert linked_case_visible(world.teacher, report, access)


def test_the_reporter_does_not_see_child_welfares_follow_up(world: ReportWorld) -> None:
    """The status and notes are child welfare's. The reporter's list (Mine saker)
    carries no status; the page and API tests check the reporter's views."""
    report = world.send()
    do_change_status(
        report, actor=world.cw_worker, to_status="investigation", note="Hjemmebesøk avtalt."
    )

    access = report_access(world.teacher, report)
    assert access is not None
    assert not access.as_child_welfare
    assert not access.allows(ReportAction.HANDLE)


def test_it_lists_the_reporters_reports_for_mine_saker_and_audits_each(
    world: ReportWorld, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    mine = world.send()
    world.send(actor=world.colleague)  # a colleague's report: not Tone's

    reports = reports_for_reporter(world.teacher)

    assert [(line.pk, line.child_name) for line in reports] == [(mine.pk, "Jonas Berg")]
    listed = AuditEvent.objects.filter(action="report.listed")
    assert [(e.actor_id, e.object_id, e.child_id, e.municipality_id) for e in listed] == [
        (world.teacher.pk, str(mine.pk), mine.child_id, mine.municipality_id)
    ]
    # The school's leader sees both the school's reports, newest first; the one
    # statement that reads them writes their events, in the list's order.
    policy.seats(world.school_leader)  # read once a request, before any list
    with django_assert_num_queries(1):
        lines = reports_for_reporter(world.school_leader)
    newest_first = list(ConcernReport.objects.order_by("-received_at", "-pk"))
    assert [line.pk for line in lines] == [r.pk for r in newest_first]
    leader_listed = listed.filter(actor_id=world.school_leader.pk).order_by("id")
    assert [(e.object_id, e.child_id, e.reason) for e in leader_listed] == [
        (str(r.pk), r.child_id, "reporter") for r in newest_first
    ]


def test_it_counts_statistics_for_child_welfare_and_the_municipalitys_leaders(
    world: ReportWorld,
) -> None:
    report = world.send()

    assert list(statistics_reports(world.cw_worker)) == [report]
    assert list(statistics_reports(world.skaun_admin)) == [report]
    assert list(statistics_reports(world.school_leader)) == [report]
    assert not statistics_reports(world.teacher).exists()
    assert not statistics_reports(world.trondheim_cw_worker).exists()
    assert not policy.can_view_report_statistics(world.teacher)
    assert policy.can_view_report_statistics(world.cw_worker)
