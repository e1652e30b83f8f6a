"""do_send_report: an employee's report of concern to child welfare (S3), without HTTP."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import Case
from rodtrad.consent.models import Consent
from rodtrad.notifications.models import Notification
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.reports.models import ConcernReport, SourceKind, Status
from tests.reports.world import ReportWorld

NOW = datetime.datetime(2025, 3, 10, 9, 30, tzinfo=datetime.UTC)  # a Monday


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_sends_the_report_to_the_intermunicipal_child_welfare_service(
    world: ReportWorld,
) -> None:
    report = world.send(now=NOW)

    # Jonas lives in Skaun; the service is owned by Melhus and serves Skaun.
    assert report.receiving_unit == world.child_welfare
    assert report.municipality == world.skaun
    assert report.reporter == world.teacher
    assert report.reporter_unit == world.school
    assert report.status == Status.RECEIVED
    assert report.received_at == NOW


def test_it_needs_no_consent(world: ReportWorld) -> None:
    assert not Consent.objects.filter(child=world.jonas).exists()

    report = world.send(now=NOW)

    assert report.pk is not None


def test_it_sets_the_legal_deadlines(world: ReportWorld) -> None:
    report = world.send(now=NOW)

    assert report.review_due_on == datetime.date(2025, 3, 17)
    assert report.feedback_due_on == datetime.date(2025, 3, 31)
    assert report.second_feedback_due_on is None


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        (UnitKind.SCHOOL, SourceKind.SCHOOL),
        (UnitKind.UPPER_SECONDARY, SourceKind.SCHOOL),
        (UnitKind.KINDERGARTEN, SourceKind.KINDERGARTEN),
        (UnitKind.HEALTH_STATION, SourceKind.HEALTH_STATION),
        (UnitKind.GP, SourceKind.GP),
        (UnitKind.POLICE, SourceKind.POLICE),
        (UnitKind.PPT, SourceKind.OTHERS),
        (UnitKind.NAV, SourceKind.OTHERS),
    ],
)
def test_it_counts_the_source_by_the_reporters_unit(
    world: ReportWorld, kind: str, source: str
) -> None:
    world.school.kind = kind
    world.school.save(update_fields=["kind"])

    assert world.send(now=NOW).source_kind == source


def test_it_keeps_the_source_when_the_unit_changes_kind_later(world: ReportWorld) -> None:
    report = world.send(now=NOW)
    world.school.kind = UnitKind.PPT
    world.school.save(update_fields=["kind"])

    report.refresh_from_db()
    assert report.source_kind == SourceKind.SCHOOL


def test_it_writes_the_audit_event_without_the_free_texts(world: ReportWorld) -> None:
    report = world.send(now=NOW)

    event = AuditEvent.objects.get(action="report.sent")
    assert event.actor_id == world.teacher.pk
    assert event.object_id == str(report.pk)
    assert event.child_id == world.jonas.pk
    assert event.municipality_id == world.skaun.pk
    assert event.reason == "duty_to_report"
    assert event.changes["receiving_unit"] == [None, world.child_welfare.pk]
    assert event.changes["guardians_not_told_reason"] == [None, "violence_or_abuse"]
    assert "blåmerker" not in str(event.changes)


def test_it_notifies_child_welfare_without_personal_data(world: ReportWorld) -> None:
    report = world.send(now=NOW)

    notifications = Notification.objects.filter(kind="report.received")
    assert {n.recipient for n in notifications} == {world.cw_worker, world.cw_leader}
    for notification in notifications:
        assert notification.link == f"/meldinger/{report.pk}/"
        assert "Jonas" not in notification.title
        assert "Berg" not in notification.title
        assert (world.jonas.identity_number or "") not in notification.title + notification.link


def test_it_says_acute_in_the_notification(world: ReportWorld) -> None:
    world.send(now=NOW, acute=True)

    titles = set(
        Notification.objects.filter(kind="report.received_acute").values_list("title", flat=True)
    )
    assert len(titles) == 1
    assert "AKUTT" in titles.pop()


def test_it_refuses_a_child_the_reporter_does_not_know(world: ReportWorld) -> None:
    """Ida is in the kindergarten: for Tone she does not exist."""
    with pytest.raises(ValidationError) as excinfo:
        world.send(child_id=world.ida.pk)

    assert errors_of(excinfo) == {"child": ["Fant ikke barnet."]}
    assert not ConcernReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.sent").exists()


def test_it_refuses_a_child_id_that_does_not_exist_alike(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(child_id=987654)

    assert errors_of(excinfo) == {"child": ["Fant ikke barnet."]}


def test_it_lets_a_baton_holder_report_a_child_known_through_the_relay_log(
    world: ReportWorld,
) -> None:
    """Visible through a case, not an enrolment: the kindergarten teacher holds Jonas's case."""
    Case.objects.create(
        municipality=world.skaun,
        child=world.jonas,
        holder=world.kindergarten_teacher,
        holder_unit=world.kindergarten,
    )

    report = world.send(actor=world.kindergarten_teacher, reporter_unit_id=world.kindergarten.pk)

    assert report.source_kind == SourceKind.KINDERGARTEN


def test_it_refuses_a_unit_that_is_not_the_reporters(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(reporter_unit_id=world.kindergarten.pk)

    assert set(errors_of(excinfo)) == {"reporter_unit"}


def test_it_refuses_a_report_from_child_welfare_to_itself(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(actor=world.cw_worker, reporter_unit_id=world.child_welfare.pk)

    # Child welfare sees no child through its inbox alone, and reports from no unit.
    assert set(errors_of(excinfo)) >= {"child"}


def test_it_asks_for_a_choice_when_several_services_serve_the_municipality(
    world: ReportWorld,
) -> None:
    skaun_own = Unit.objects.create(
        municipality=world.skaun, kind=UnitKind.CHILD_WELFARE, name="Skaun barnevern"
    )

    with pytest.raises(ValidationError) as excinfo:
        world.send()
    assert set(errors_of(excinfo)) == {"receiving_unit"}

    report = world.send(receiving_unit_id=skaun_own.pk)
    assert report.receiving_unit == skaun_own


def test_it_refuses_a_service_that_does_not_serve_the_childs_municipality(
    world: ReportWorld,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(receiving_unit_id=world.trondheim_child_welfare.pk)

    assert set(errors_of(excinfo)) == {"receiving_unit"}


def test_it_says_so_when_no_service_serves_the_municipality(world: ReportWorld) -> None:
    world.child_welfare.serves.remove(world.skaun)

    with pytest.raises(ValidationError) as excinfo:
        world.send()

    assert set(errors_of(excinfo)) == {"receiving_unit"}


def test_it_needs_the_grounds_and_the_observations(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(grounds="  ", observations="")

    assert set(errors_of(excinfo)) == {"grounds", "observations"}


def test_it_needs_a_reason_when_the_guardians_were_not_told(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(guardians_told=False, guardians_not_told_reason="")

    assert set(errors_of(excinfo)) == {"guardians_not_told_reason"}


def test_it_needs_an_explanation_for_another_reason(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.send(guardians_not_told_reason="other")
    assert set(errors_of(excinfo)) == {"guardians_not_told_explanation"}

    report = world.send(
        guardians_not_told_reason="other", guardians_not_told_explanation="Far er på reise."
    )
    assert report.guardians_not_told_explanation == "Far er på reise."


def test_it_drops_a_reason_when_the_guardians_were_told(world: ReportWorld) -> None:
    report = world.send(
        guardians_told=True,
        guardians_not_told_reason="violence_or_abuse",
        guardians_not_told_explanation="glemt",
    )

    assert report.guardians_told
    assert report.guardians_not_told_reason == ""
    assert report.guardians_not_told_explanation == ""


def test_it_keeps_the_link_to_the_reporters_relay_log(world: ReportWorld) -> None:
    report = world.send(case_id=world.case.pk)

    assert report.case == world.case


def test_it_refuses_a_relay_log_the_reporter_cannot_open(world: ReportWorld) -> None:
    others = Case.objects.create(
        municipality=world.skaun,
        child=world.jonas,
        holder=world.kindergarten_teacher,
        holder_unit=world.kindergarten,
    )

    with pytest.raises(ValidationError) as excinfo:
        world.send(case_id=others.pk)

    assert errors_of(excinfo) == {"case": ["Fant ikke stafettloggen."]}


def test_it_refuses_a_relay_log_of_another_child(world: ReportWorld) -> None:
    idas = Case.objects.create(
        municipality=world.skaun, child=world.ida, holder=world.teacher, holder_unit=world.school
    )

    with pytest.raises(ValidationError) as excinfo:
        world.send(case_id=idas.pk)

    assert set(errors_of(excinfo)) == {"case"}
