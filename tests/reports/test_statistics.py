"""report_statistics: reports by source kind and by Oslo month, deadlines met,
time to feedback — counted by PostgreSQL in a fixed number of queries."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.people.models import Enrolment
from rodtrad.policy.reports import statistics_consultations, statistics_reports
from rodtrad.reports.actions import do_change_status, do_give_feedback, do_record_consultation
from rodtrad.reports.models import ConcernReport, SourceKind, Status
from rodtrad.reports.statistics import report_statistics
from tests.conftest import make_user
from tests.reports.world import ReportWorld

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2025, 6, 30, 12, tzinfo=OSLO)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=OSLO)


def figures(world: ReportWorld, start: datetime.date, end: datetime.date):  # type: ignore[no-untyped-def]
    return report_statistics(
        statistics_reports(world.cw_worker),
        statistics_consultations(world.cw_worker),
        start=start,
        end=end,
        now=NOW,
    )


@pytest.fixture
def kindergarten_reporter(world: ReportWorld):  # type: ignore[no-untyped-def]
    Enrolment.objects.create(
        municipality=world.skaun,
        child=world.jonas,
        unit=world.kindergarten,
        starts_on=datetime.date(2020, 8, 1),
    )
    return world.kindergarten_teacher


def test_it_counts_reports_by_source_and_oslo_month(
    world: ReportWorld, kindergarten_reporter: object
) -> None:
    # 31 January 23:30 in Oslo is 22:30 UTC: still January.
    world.send(now=at(1, 31, 23, 30))
    # 1 February 00:30 in Oslo is 31 January 23:30 UTC: February.
    world.send(now=at(2, 1, 0, 30))
    # 31 March 23:30 (summer time) is 21:30 UTC: March.
    world.send(
        now=at(3, 31, 23, 30), actor=kindergarten_reporter, reporter_unit_id=world.kindergarten.pk
    )
    world.send(now=at(3, 2))

    result = figures(world, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))

    assert result.total == 4
    counts = {s.kind: s.count for s in result.by_source}
    assert counts[SourceKind.SCHOOL] == 3
    assert counts[SourceKind.KINDERGARTEN] == 1
    assert counts[SourceKind.HEALTH_STATION] == 0
    assert [(row.month, row.total) for row in result.months] == [
        (datetime.date(2025, 1, 1), 1),
        (datetime.date(2025, 2, 1), 1),
        (datetime.date(2025, 3, 1), 2),
    ]
    march = result.months[2]
    assert march.counts[result.sources.index(SourceKind.KINDERGARTEN)] == 1


def test_it_leaves_out_reports_outside_the_period(world: ReportWorld) -> None:
    world.send(now=at(1, 31, 23, 30))

    result = figures(world, datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))

    assert result.total == 0


def test_it_gives_the_share_with_feedback_in_time_and_the_time_to_feedback(
    world: ReportWorld,
) -> None:
    in_time = world.send(now=at(3, 3))  # feedback due 24 March
    late = world.send(now=at(3, 4))  # feedback due 25 March
    waiting_past = world.send(now=at(5, 1))  # due 22 May, none given: counts as late
    world.send(now=at(6, 20))  # due 11 July: not reached yet, not counted
    for report, feedback_at in ((in_time, at(3, 24, 23, 59)), (late, at(3, 26, 8))):
        do_change_status(
            report, actor=world.cw_worker, to_status=Status.INVESTIGATION, now=at(3, 6)
        )
        do_give_feedback(report, actor=world.cw_worker, now=feedback_at)
    assert waiting_past.first_feedback_at is None

    result = figures(world, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))

    assert (result.feedback.reached, result.feedback.in_time) == (3, 1)
    assert result.feedback.percent == 33
    # 21 and 22 calendar days from receipt to feedback.
    assert result.feedback_days_average == pytest.approx(21.5)
    assert result.feedback_days_median == pytest.approx(21.5)
    # Reviews: two decided on 6 March (in time); 1 May's and 20 June's (due 27 June)
    # have passed undecided.
    assert (result.review.reached, result.review.in_time) == (4, 2)
    assert (result.second_feedback.reached, result.second_feedback.in_time) == (0, 0)
    assert result.second_feedback.share is None


def consult_from_the_school(world: ReportWorld) -> None:
    """Tone asks child welfare anonymously, from Buvik skole, today."""
    do_record_consultation(
        actor=world.teacher,
        consulting_unit_id=world.school.pk,
        child_welfare_unit_id=world.child_welfare.pk,
        held_on=timezone.localdate(),
        summary="En elev på mellomtrinnet.",
        outcome="report",
    )


def test_it_counts_consultations_by_source(world: ReportWorld) -> None:
    consult_from_the_school(world)
    today = timezone.localdate()

    result = report_statistics(
        statistics_reports(world.cw_worker),
        statistics_consultations(world.cw_worker),
        start=today.replace(day=1),
        end=today,
        now=timezone.now(),
    )

    assert result.consultations_total == 1
    assert {s.kind: s.count for s in result.consultations_by_source}[SourceKind.SCHOOL] == 1


def test_it_counts_with_the_same_two_queries_for_many_reports(
    world: ReportWorld, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    health_station = Unit.objects.create(
        municipality=world.skaun, kind=UnitKind.HEALTH_STATION, name="Skaun helsestasjon"
    )
    nurse = make_user("nina", health_station)
    Enrolment.objects.create(
        municipality=world.skaun, child=world.jonas, unit=world.school, starts_on="2020-01-01"
    )
    for month in range(1, 7):
        world.send(now=at(month, 10))
    reports = statistics_reports(world.cw_worker)
    consultations = statistics_consultations(world.cw_worker)
    ConcernReport.objects.filter(pk=reports.first().pk).update(  # type: ignore[union-attr]
        source_kind=SourceKind.HEALTH_STATION, reporter=nurse, reporter_unit=health_station
    )
    list(Unit.objects.filter(pk__in=[world.child_welfare.pk]))  # warm the actor's caches

    # One statement reads the reports (by month and source, and over all), one the
    # consultations.
    with django_assert_num_queries(2):
        result = report_statistics(
            reports,
            consultations,
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 6, 30),
            now=NOW,
        )

    assert result.total == 6


def test_leaders_and_administrators_count_their_municipalitys_reports_and_no_others(
    world: ReportWorld,
) -> None:
    """Who counts a report about a child in Skaun (received by Melhus's service):
    the service, the leader of a unit in Skaun, Skaun's administrator; not another
    municipality's service, nor a teacher without a leader's seat."""
    report = world.send()
    consult_from_the_school(world)
    assert report.municipality_id == world.skaun.pk

    counting = [world.cw_worker, world.school_leader, world.skaun_admin]
    not_counting = [world.trondheim_cw_worker, world.teacher, world.colleague]
    for actor in counting:
        assert list(statistics_reports(actor)) == [report], actor.username
        assert statistics_consultations(actor).count() == 1, actor.username
    for actor in not_counting:
        assert not statistics_reports(actor).exists(), actor.username
        assert not statistics_consultations(actor).exists(), actor.username
