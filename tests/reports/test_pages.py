"""The report pages over HTTP: what each side sees, sending, handling, printing,
the inbox, consultations and statistics. Access per visitor is in
test_page_permissions.py; here, what the allowed visitors get."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.utils import timezone, translation
from pytest_django import DjangoAssertNumQueries

from rodtrad.audit.models import AuditEvent
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.policy.reports import reports_for_reporter
from rodtrad.reports.actions import do_change_status, do_give_feedback
from rodtrad.reports.models import ConcernReport, Consultation, Status
from tests.conftest import logged_in_client, nb
from tests.reports.world import ReportWorld

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def text(response: Response) -> str:
    return response.content.decode()


@pytest.fixture
def teacher(world: ReportWorld) -> Client:
    return logged_in_client(world.teacher)


@pytest.fixture
def worker(world: ReportWorld) -> Client:
    return logged_in_client(world.cw_worker)


def form_data(world: ReportWorld, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "child": world.jonas.pk,
        "reporter_unit": world.school.pk,
        "grounds": "Blåmerker på armene.",
        "observations": "Så blåmerker i gymtimen mandag.",
        "guardians_told": "no",
        "guardians_not_told_reason": "violence_or_abuse",
    }
    data.update(overrides)
    return data


# Sending


def test_it_offers_the_children_the_teacher_knows(world: ReportWorld, teacher: Client) -> None:
    page = text(teacher.get("/meldinger/ny/"))

    assert "Jonas Berg" in page
    assert "Ida Moe" not in page  # in the kindergarten: not Tone's to see
    assert nb("Send a report of concern") in page


def test_it_names_the_receiving_service_once_the_child_is_chosen(
    world: ReportWorld, teacher: Client
) -> None:
    page = text(teacher.get(f"/meldinger/ny/?barn={world.jonas.pk}&sak={world.case.pk}"))
    fragment = text(teacher.get(f"/meldinger/ny/mottaker/?child={world.jonas.pk}"))

    assert "Barneverntjenesten for Melhus og Skaun" in page
    assert f'value="{world.case.pk}"' in page
    assert "Barneverntjenesten for Melhus og Skaun" in fragment
    assert "<html" not in fragment


def test_it_offers_a_choice_when_several_services_serve_the_municipality(
    world: ReportWorld, teacher: Client
) -> None:
    Unit.objects.create(municipality=world.skaun, kind=UnitKind.CHILD_WELFARE, name="Skaun bvt")

    fragment = text(teacher.get(f"/meldinger/ny/mottaker/?child={world.jonas.pk}"))

    assert "<select" in fragment
    assert "Skaun bvt" in fragment and "Barneverntjenesten for Melhus og Skaun" in fragment


def test_it_says_nothing_about_a_child_the_teacher_does_not_know(
    world: ReportWorld, teacher: Client
) -> None:
    fragment = text(teacher.get(f"/meldinger/ny/mottaker/?child={world.ida.pk}"))

    assert "Barneverntjenesten" not in fragment


def test_it_sends_the_report_and_shows_it(world: ReportWorld, teacher: Client) -> None:
    response = teacher.post("/meldinger/ny/", form_data(world, case=world.case.pk))

    report = ConcernReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meldinger/{report.pk}/"
    assert report.case == world.case
    page = text(teacher.get(response["Location"]))
    assert nb("The report was sent to %(unit)s.", unit=world.child_welfare.name) in page


def test_it_shows_the_errors_and_saves_nothing(world: ReportWorld, teacher: Client) -> None:
    response = teacher.post(
        "/meldinger/ny/", form_data(world, grounds="", guardians_not_told_reason="")
    )

    assert response.status_code == 422
    page = text(response)
    assert nb("Correct the following. Nothing was saved.") in page
    assert nb("Say why the guardians have not been told.") in page
    assert not ConcernReport.objects.exists()


def test_it_refuses_a_child_out_of_reach_as_not_found(world: ReportWorld, teacher: Client) -> None:
    response = teacher.post("/meldinger/ny/", form_data(world, child=world.ida.pk))

    assert response.status_code == 422
    assert not ConcernReport.objects.exists()


# One report, two sides


@pytest.fixture
def followed_up(world: ReportWorld) -> ConcernReport:
    """Tone's report, reviewed by child welfare with a note of its own, feedback given."""
    report = world.send(case_id=world.case.pk)
    do_change_status(
        report,
        actor=world.cw_worker,
        to_status=Status.INVESTIGATION,
        note="Hjemmebesøk avtalt med mor torsdag.",
    )
    do_give_feedback(report, actor=world.cw_worker, message="Takk for at du meldte.")
    return report


def test_the_reporter_sees_the_report_and_the_feedback_only(
    world: ReportWorld, teacher: Client, followed_up: ConcernReport
) -> None:
    page = text(teacher.get(f"/meldinger/{followed_up.pk}/"))

    assert "Blåmerker" in page or "blåmerker" in page
    assert nb("Child welfare confirms that the report was received.") in page
    assert nb("An investigation has been opened.") in page
    assert "Takk for at du meldte." in page
    # Child welfare's own follow-up stays with child welfare.
    assert "Hjemmebesøk" not in page
    assert nb("Investigation opened") not in page  # the status label
    assert nb("Case worker") not in page
    assert (world.jonas.identity_number or "") not in page
    # The relay log it came from is the teacher's own.
    assert f"/saker/{world.case.pk}/" in page


def test_child_welfare_sees_status_deadlines_and_its_notes(
    world: ReportWorld, worker: Client, followed_up: ConcernReport
) -> None:
    page = text(worker.get(f"/meldinger/{followed_up.pk}/"))

    assert "Hjemmebesøk avtalt med mor torsdag." in page
    assert nb("Investigation opened") in page
    assert nb("Deadlines") in page
    assert world.jonas.identity_number is not None
    assert world.jonas.identity_number in page  # child welfare needs it
    # The school's relay log stays the school's.
    assert f"/saker/{world.case.pk}/" not in page
    assert nb("Open the relay log the report was sent from") not in page


def test_the_leader_of_the_reporters_unit_sees_the_reporters_side(
    world: ReportWorld, followed_up: ConcernReport
) -> None:
    page = text(logged_in_client(world.school_leader).get(f"/meldinger/{followed_up.pk}/"))

    assert nb("You lead the unit the report was sent from.") in page
    assert "Hjemmebesøk" not in page


def test_it_audits_each_reading(
    world: ReportWorld, teacher: Client, worker: Client, followed_up: ConcernReport
) -> None:
    teacher.get(f"/meldinger/{followed_up.pk}/")
    worker.get(f"/meldinger/{followed_up.pk}/")

    reads = AuditEvent.objects.filter(action="report.read").order_by("id")
    assert [(e.actor_id, e.reason) for e in reads] == [
        (world.teacher.pk, "reporter"),
        (world.cw_worker.pk, "receiving_unit"),
    ]


# Handling


def test_it_changes_the_status_and_comes_back_to_the_report(
    world: ReportWorld, worker: Client
) -> None:
    report = world.send()

    response = worker.post(
        f"/meldinger/{report.pk}/status/",
        {"status": Status.UNDER_REVIEW, "note": "Ser på den.", "expected_status": "received"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW
    assert report.handler == world.cw_worker


def test_it_answers_htmx_with_the_handling_panel(world: ReportWorld, worker: Client) -> None:
    report = world.send()

    response = worker.post(
        f"/meldinger/{report.pk}/status/",
        {"status": Status.CLOSED_WITHOUT_INVESTIGATION, "expected_status": "received"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith('<div id="rt-handling"')
    assert nb("The status is now “%(status)s”.", status=nb("Closed without investigation")) in page
    # The feedback is now due, and the panel offers it.
    assert nb("Give feedback to the reporter") in page


def test_it_explains_a_status_someone_else_changed_meanwhile(
    world: ReportWorld, worker: Client
) -> None:
    report = world.send()
    do_change_status(report, actor=world.cw_leader, to_status=Status.UNDER_REVIEW)

    response = worker.post(
        f"/meldinger/{report.pk}/status/",
        {"status": Status.INVESTIGATION, "expected_status": "received"},
    )

    assert response.status_code == 422
    assert nb(
        "Someone else changed the status of this report meanwhile. "
        "Look at it again and try once more."
    ) in text(response)


def test_it_gives_feedback_from_the_page(world: ReportWorld, worker: Client) -> None:
    report = world.send()
    do_change_status(report, actor=world.cw_worker, to_status=Status.INVESTIGATION)

    response = worker.post(f"/meldinger/{report.pk}/tilbakemelding/", {"message": "Takk."})

    assert response.status_code == 302
    assert report.feedback.get().message == "Takk."


def test_it_refuses_feedback_before_the_decision_with_a_message(
    world: ReportWorld, worker: Client
) -> None:
    report = world.send()

    response = worker.post(
        f"/meldinger/{report.pk}/tilbakemelding/", {"message": ""}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert nb(
        "Decide whether to open an investigation before giving feedback: the reporter is told both."
    ) in text(response)
    assert not report.feedback.exists()


# Printing


def test_it_prints_the_report_for_the_reporters_records(
    world: ReportWorld, teacher: Client, followed_up: ConcernReport
) -> None:
    response = teacher.get(f"/meldinger/{followed_up.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="bekymringsmelding-{followed_up.pk}.pdf"'
    event = AuditEvent.objects.get(action="report.printed")
    assert (event.actor_id, event.child_id, event.reason) == (
        world.teacher.pk,
        world.jonas.pk,
        "reporter",
    )


# The inbox


def test_the_inbox_shows_the_reports_with_days_left(world: ReportWorld, worker: Client) -> None:
    now = timezone.now()
    world.send(now=now - datetime.timedelta(days=3))

    page = text(worker.get("/meldinger/innboks/"))

    assert "Jonas Berg" in page
    assert "Buvik skole" in page
    assert nb("Received") in page
    assert "4 dager igjen" in page  # review due in 7 days, 3 have gone


def test_the_inbox_puts_acute_reports_first(world: ReportWorld, worker: Client) -> None:
    world.send(now=timezone.now() - datetime.timedelta(days=2))
    acute = world.send(acute=True)

    page = text(worker.get("/meldinger/innboks/"))

    first_link = page.index('href="/meldinger/', page.index("<tbody>"))
    assert page[first_link:].startswith(f'href="/meldinger/{acute.pk}/"')


def test_the_inbox_shows_an_overdue_deadline(world: ReportWorld, worker: Client) -> None:
    world.send(now=timezone.now() - datetime.timedelta(days=9))

    page = text(worker.get("/meldinger/innboks/"))

    assert "2 dager over fristen" in page


def test_the_inbox_leaves_out_finished_reports_unless_asked(
    world: ReportWorld, worker: Client
) -> None:
    report = world.send()
    do_change_status(report, actor=world.cw_worker, to_status=Status.CLOSED_WITHOUT_INVESTIGATION)
    do_give_feedback(report, actor=world.cw_worker)

    assert "Jonas Berg" not in text(worker.get("/meldinger/innboks/"))
    assert "Jonas Berg" in text(worker.get("/meldinger/innboks/?status=all"))
    assert "Jonas Berg" in text(
        worker.get("/meldinger/innboks/?status=closed_without_investigation")
    )


def test_the_inbox_costs_the_same_queries_for_more_reports(
    world: ReportWorld, worker: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(3):
        world.send()
    worker.get("/meldinger/innboks/")  # warm up the session
    with django_assert_max_num_queries(40) as few:
        worker.get("/meldinger/innboks/")
    for _ in range(10):
        world.send()

    with django_assert_max_num_queries(len(few.captured_queries) + 10):
        # Only one audit insert more per listed report, no query per row otherwise.
        response = worker.get("/meldinger/innboks/")

    assert response.status_code == 200


def test_the_inbox_audits_every_report_listed(world: ReportWorld, worker: Client) -> None:
    first = world.send()
    second = world.send()

    worker.get("/meldinger/innboks/")

    listed = AuditEvent.objects.filter(action="report.listed", actor_id=world.cw_worker.pk)
    assert {e.object_id for e in listed} == {str(first.pk), str(second.pk)}


# The reporter's list and "Mine saker"


def test_the_reporter_lists_the_reports_sent_with_the_feedback(
    world: ReportWorld, teacher: Client, followed_up: ConcernReport
) -> None:
    page = text(teacher.get("/meldinger/"))

    assert "Jonas Berg" in page
    assert nb("Feedback %(date)s", date=timezone.localdate().strftime("%d.%m.%Y")) in page
    assert nb("Investigation opened") not in page


def test_the_mine_saker_fragment_lists_the_reporters_reports(
    world: ReportWorld, followed_up: ConcernReport
) -> None:
    from rodtrad.reports.sent_list import mine_saker_section

    waiting = world.send(acute=True)
    with translation.override("nb"):
        html = mine_saker_section(reports_for_reporter(world.teacher))
        empty = mine_saker_section([])

    assert nb("Your reports to child welfare") in html
    assert html.index(f"/meldinger/{waiting.pk}/") < html.index(f"/meldinger/{followed_up.pk}/")
    assert nb("Feedback %(date)s", date=timezone.localdate().strftime("%d.%m.%Y")) in html
    due = waiting.feedback_due_on.strftime("%d.%m.%Y")
    assert nb("Expected by %(date)s", date=due) in html
    assert f">{nb('Acute')}</span>" in html
    assert "Hjemmebesøk" not in html
    assert empty == ""


def test_mine_saker_shows_the_reporters_reports(
    world: ReportWorld, teacher: Client, followed_up: ConcernReport
) -> None:
    page = text(teacher.get("/"))

    assert nb("Your reports to child welfare") in page
    assert f'href="/meldinger/{followed_up.pk}/">Jonas Berg</a>' in page
    assert "Hjemmebesøk" not in page


def test_the_navigation_links_to_the_reports(world: ReportWorld, teacher: Client) -> None:
    page = text(teacher.get("/meldinger/"))

    assert 'href="/meldinger/" aria-current="page"' in page
    assert nb("Reports to child welfare") in page


# Consultations


def test_it_records_a_consultation_without_identity(world: ReportWorld, teacher: Client) -> None:
    response = teacher.post(
        "/meldinger/drofting/ny/",
        {
            "consulting_unit": world.school.pk,
            "child_welfare_unit": world.child_welfare.pk,
            "held_on": timezone.localdate().isoformat(),
            "summary": "En gutt i 4. klasse med blåmerker.",
            "outcome": "report",
        },
    )

    assert response.status_code == 302
    assert Consultation.objects.get().source_kind == "school"
    assert "En gutt i 4. klasse" in text(
        logged_in_client(world.cw_worker).get(response["Location"])
    )


def test_it_refuses_an_identity_number_in_a_consultation(
    world: ReportWorld, teacher: Client
) -> None:
    response = teacher.post(
        "/meldinger/drofting/ny/",
        {
            "consulting_unit": world.school.pk,
            "child_welfare_unit": world.child_welfare.pk,
            "held_on": timezone.localdate().isoformat(),
            "summary": f"Gjelder {world.jonas.identity_number}",
            "outcome": "report",
        },
    )

    assert response.status_code == 422
    assert nb("Do not write identity numbers here.") in text(response)
    assert not Consultation.objects.exists()


# Statistics


def test_the_statistics_count_reports_by_source(world: ReportWorld, worker: Client) -> None:
    world.send()
    world.send()

    page = text(worker.get("/meldinger/statistikk/"))

    assert nb("Reports by source") in page
    assert nb("School") in page
    assert "2 meldinger mottatt" in page


def test_the_statistics_narrow_to_a_municipality_and_period(
    world: ReportWorld, worker: Client
) -> None:
    world.send()
    today = timezone.localdate()

    other = text(worker.get("/meldinger/statistikk/?municipality=5028"))
    past = text(
        worker.get(f"/meldinger/statistikk/?date_from=2020-01-01&date_to=2020-12-31&x={today}")
    )

    assert "0 meldinger mottatt" in other
    assert "0 meldinger mottatt" in past
