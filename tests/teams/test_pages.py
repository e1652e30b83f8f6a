"""Every team, referral and meeting page over HTTP: it works for those it is
for, it refuses GET where it changes something, and out of reach is a 404."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from rodtrad.audit.models import AuditEvent
from rodtrad.cases.models import Measure
from rodtrad.people.models import Enrolment
from rodtrad.teams.actions import (
    Answer,
    do_add_participant,
    do_answer_referral,
    do_refer,
    do_save_minutes,
    do_schedule_meeting,
)
from rodtrad.teams.anonymity import found_terms, identity_terms
from rodtrad.teams.models import (
    Decision,
    MeetingParticipant,
    MeetingRating,
    Minutes,
    MinutesStatus,
    ParticipantKind,
    Referral,
    ReferralStatus,
)
from tests.api.conftest import api_client_for
from tests.conftest import logged_in_client, nb
from tests.teams.conftest import Teams, add_measure, consent_for_team


@dataclass
class Pages:
    teams: Teams
    referral: int
    meeting: int
    item: int
    guardian: int


@pytest.fixture
def pages(teams: Teams) -> Pages:
    consent_for_team(teams.world, teams.health_station, teams.ppt, teams.kindergarten)
    add_measure(teams.world)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Teammøte",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Rom 1",
        referral_ids=[referral.pk],
    )
    item = meeting.agenda_items.get()
    guardian = do_add_participant(
        meeting.pk,
        actor=teams.leader,
        kind=ParticipantKind.GUARDIAN,
        guardian_id=teams.mother.pk,
        agenda_item_id=item.pk,
    )
    return Pages(teams, referral.pk, meeting.pk, item.pk, guardian.pk)


GET_PAGES = [
    "/team/",
    "/team/{team}/",
    "/team/{team}/henvis/",
    "/team/{team}/moter/ny/",
    "/team/henvisninger/{referral}/",
    "/moter/{meeting}/",
    "/moter/{meeting}/invitasjon.ics",
    "/moter/{meeting}/referat/",
    "/moter/{meeting}/referat.pdf",
]
POST_ONLY = [
    "/team/henvisninger/{referral}/svar/",
    "/team/henvisninger/{referral}/endre/",
    "/team/henvisninger/{referral}/koble/",
    "/team/henvisninger/{referral}/trekk/",
    "/team/henvisninger/{referral}/fullfor/",
    "/moter/{meeting}/deltakere/",
    "/moter/{meeting}/sakliste/",
    "/moter/{meeting}/vurdering/",
    "/moter/{meeting}/referat/punkt/{item}/vedtak/",
    "/moter/{meeting}/referat/godkjenn/",
]


def _url(pages: Pages, path: str) -> str:
    return path.format(
        team=pages.teams.local.pk, referral=pages.referral, meeting=pages.meeting, item=pages.item
    )


@pytest.mark.parametrize("path", GET_PAGES)
def test_the_team_leader_opens_every_page(pages: Pages, path: str) -> None:
    response = logged_in_client(pages.teams.leader).get(_url(pages, path))
    assert response.status_code == 200


@pytest.mark.parametrize("path", [p for p in GET_PAGES if p not in ("/team/", "/team/{team}/")])
def test_an_outsider_finds_nothing(pages: Pages, path: str) -> None:
    response = logged_in_client(pages.teams.skaun_employee).get(_url(pages, path))
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/team/henvisninger/{referral}/", "/moter/{meeting}/"])
def test_an_employee_of_the_municipality_on_no_team_finds_nothing(pages: Pages, path: str) -> None:
    assert logged_in_client(pages.teams.outsider).get(_url(pages, path)).status_code == 404


def test_a_team_page_shows_members_only_to_members(pages: Pages) -> None:
    outsider = logged_in_client(pages.teams.outsider).get(f"/team/{pages.teams.local.pk}/")
    assert outsider.status_code == 200
    assert "Innkomne henvisninger" not in outsider.content.decode()
    member = logged_in_client(pages.teams.nurse).get(f"/team/{pages.teams.local.pk}/")
    html = member.content.decode()
    assert "Innkomne henvisninger" in html and "Emil Hansen" in html


def test_the_children_a_team_page_names_are_in_their_access_log(pages: Pages) -> None:
    """The page names Emil (a referral and a decision): one list event says so, and
    Emil's access log finds it; someone who sees no names records nothing."""
    teams = pages.teams
    logged_in_client(teams.outsider).get(f"/team/{teams.local.pk}/")
    assert not AuditEvent.objects.filter(action="referral.listed").exists()

    assert "Emil Hansen" in logged_in_client(teams.nurse).get(f"/team/{teams.local.pk}/").text

    event = AuditEvent.objects.get(action="referral.listed")
    assert (event.actor_id, event.reason) == (teams.nurse.pk, "visible_cases")
    assert event.changes == {
        "team": teams.local.pk,
        "shown": [teams.case.pk],
        "children": [teams.case.child_id],
    }
    log = logged_in_client(teams.holder).get(f"/barn/{teams.case.child_id}/tilgangslogg/").text
    assert "Så stafettloggen henvist til et team, i en liste" in log


def test_the_meeting_form_records_the_children_its_choices_name(pages: Pages) -> None:
    teams = pages.teams
    html = logged_in_client(teams.leader).get(f"/team/{teams.local.pk}/moter/ny/").text

    assert "Emil Hansen" in html
    event = AuditEvent.objects.get(action="referral.listed", actor=teams.leader)
    assert event.changes["children"] == [teams.case.child_id]


def test_a_team_page_that_names_no_child_records_no_list(teams: Teams) -> None:
    """An anonymous referral shows an age, not a name: nothing to record."""
    teams.local.allows_anonymous = True
    teams.local.save(update_fields=["allows_anonymous"])
    referral = do_refer(
        teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp", anonymous=True
    )
    do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)

    html = logged_in_client(teams.nurse).get(f"/team/{teams.local.pk}/").text

    assert "Anonym: " in html and "Emil" not in html
    assert not AuditEvent.objects.filter(action="referral.listed").exists()


@pytest.mark.parametrize("path", POST_ONLY)
def test_changing_pages_refuse_get(pages: Pages, path: str) -> None:
    assert logged_in_client(pages.teams.leader).get(_url(pages, path)).status_code == 405


@pytest.mark.parametrize("path", POST_ONLY)
def test_changing_pages_are_404_for_an_outsider(pages: Pages, path: str) -> None:
    response = logged_in_client(pages.teams.skaun_employee).post(_url(pages, path), {})
    assert response.status_code == 404


def test_pages_need_a_login(pages: Pages) -> None:
    response = Client().get(f"/moter/{pages.meeting}/")
    assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_it_refers_through_the_form(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    client = logged_in_client(teams.holder)
    page = client.get(f"/team/{teams.local.pk}/henvis/?sak={teams.case.pk}")
    assert "Emil Hansen" in page.content.decode()
    response = client.post(
        f"/team/{teams.local.pk}/henvis/",
        {"case": teams.case.pk, "reason": "Trenger hjelp", "tried": "Frokost"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/team/henvisninger/{referral.pk}/"


def test_a_wrong_referral_form_shows_the_errors_in_norwegian(teams: Teams) -> None:
    response = logged_in_client(teams.holder).post(
        f"/team/{teams.local.pk}/henvis/", {"case": teams.case.pk, "reason": ""}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert nb("This field is required.") in html
    assert "Ingen samtykke til drøfting i team" not in html  # the form stopped first


def test_the_leader_answers_through_the_form(teams: Teams) -> None:
    consent_for_team(teams.world, teams.health_station)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    client = logged_in_client(teams.leader)
    response = client.post(
        f"/team/henvisninger/{referral.pk}/svar/",
        {"answer": "decline", "text": "", "version": referral.version},
    )
    assert response.status_code == 422
    assert nb("Write why the team declines.") in response.content.decode()
    response = client.post(
        f"/team/henvisninger/{referral.pk}/svar/",
        {"answer": "accept", "text": "", "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    # The referrer may not answer for the team.
    other = logged_in_client(teams.holder).post(
        f"/team/henvisninger/{referral.pk}/svar/",
        {"answer": "accept", "version": referral.version},
    )
    assert other.status_code == 404


def test_it_plans_a_meeting_through_the_form(pages: Pages) -> None:
    client = logged_in_client(pages.teams.leader)
    day = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        f"/team/{pages.teams.local.pk}/moter/ny/",
        {"title": "Neste møte", "date": day, "starts": "09:00", "ends": "10:30", "place": "Rom 2"},
    )
    assert response.status_code == 302
    meeting = response["Location"]
    ics = client.get(meeting + "invitasjon.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Neste m" in ics.content


def test_minutes_decisions_approval_pdf_and_rating_through_the_pages(pages: Pages) -> None:
    teams = pages.teams
    nurse = logged_in_client(teams.nurse)
    url = f"/moter/{pages.meeting}/referat/"
    participants = list(
        MeetingParticipant.objects.filter(meeting_id=pages.meeting).values_list("pk", flat=True)
    )
    response = nurse.post(
        url,
        {
            "present": [str(pk) for pk in participants],
            f"item-{pages.item}-child_view": "Emil vil leke med Ali.",
            f"item-{pages.item}-guardians_view": "Mor ønsker hjelp.",
            f"item-{pages.item}-assessment": "Tett oppfølging.",
            "notes": "",
        },
    )
    assert response.status_code == 302
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = nurse.post(
        f"/moter/{pages.meeting}/referat/punkt/{pages.item}/vedtak/",
        {
            f"decision-{pages.item}-text": "Følge opp kosthold",
            f"decision-{pages.item}-responsible": f"{teams.nurse.pk}:{teams.health_station.pk}",
            f"decision-{pages.item}-due_on": due,
        },
    )
    assert response.status_code == 302
    assert Decision.objects.count() == 1
    assert nurse.post(f"/moter/{pages.meeting}/referat/godkjenn/").status_code == 404
    leader = logged_in_client(teams.leader)
    assert leader.post(f"/moter/{pages.meeting}/referat/godkjenn/").status_code == 302
    assert Minutes.objects.get().status == MinutesStatus.APPROVED
    measure = Measure.objects.get(decision__isnull=False)
    assert (measure.responsible, measure.evaluate_on.isoformat()) == (teams.nurse, due)

    html = nurse.get(url).content.decode()
    assert "Emil vil leke med Ali." in html and "Følge opp kosthold" in html
    pdf = nurse.get(f"/moter/{pages.meeting}/referat.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Følge opp kosthold" in text
    assert AuditEvent.objects.filter(action="team.minutes_printed", actor_id=teams.nurse.pk)

    response = leader.post(
        f"/moter/{pages.meeting}/vurdering/",
        {"participant": pages.guardian, "useful": "5", "heard": "4", "comment": "Godt møte"},
    )
    assert response.status_code == 302
    rating = MeetingRating.objects.get()
    assert (rating.useful, rating.heard, rating.recorded_by) == (5, 4, teams.leader)


def test_a_draft_is_refused_when_it_names_the_child_of_an_anonymous_item(teams: Teams) -> None:
    add_measure(teams.world)
    referral = do_refer(
        teams.case.pk,
        actor=teams.holder,
        team_id=teams.discussion.pk,
        reason="Trenger råd",
        tried="Samtaler",
        anonymous=True,
    )
    do_answer_referral(referral.pk, actor=teams.ppt_adviser, answer=Answer.ACCEPT)
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = do_schedule_meeting(
        actor=teams.ppt_adviser,
        team_id=teams.discussion.pk,
        title="Drøftingsteam",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Rådhuset",
        referral_ids=[referral.pk],
    )
    item = meeting.agenda_items.get()
    client = logged_in_client(teams.child_welfare_worker)
    page = client.get(f"/moter/{meeting.pk}/").content.decode()
    assert "Anonym: 4 år" in page and "Emil" not in page
    response = client.post(
        f"/moter/{meeting.pk}/referat/", {f"item-{item.pk}-assessment": "Emil trenger hjelp"}
    )
    assert response.status_code == 422
    do_save_minutes(meeting.pk, actor=teams.ppt_adviser, notes="")


def test_an_anonymous_referral_does_not_tell_the_referrers_kindergarten(teams: Teams) -> None:
    Enrolment.objects.create(
        municipality=teams.melhus,
        child=teams.child,
        unit=teams.kindergarten,
        starts_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    add_measure(teams.world)
    referral = do_refer(
        teams.case.pk,
        actor=teams.holder,
        team_id=teams.discussion.pk,
        reason="Trenger råd",
        tried="Samtaler",
        anonymous=True,
    )
    terms = identity_terms(teams.child)
    assert teams.kindergarten.name in terms
    member = logged_in_client(teams.child_welfare_worker)
    for path in (f"/team/henvisninger/{referral.pk}/", f"/team/{teams.discussion.pk}/"):
        html = member.get(path).content.decode()
        assert "Anonym: 4 år" in html
        assert found_terms(html, terms) == [], path
    body = api_client_for(teams.child_welfare_worker).get(f"/referrals/{referral.pk}").json()
    assert (body["case"], body["child_name"], body["referred_by_unit"]) == (None, None, None)


def test_the_team_page_costs_the_same_queries_for_more_referrals(pages: Pages) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rodtrad.cases.models import Case, CaseUnit
    from rodtrad.people.models import Child
    from tests.conftest import valid_birth_number
    from tests.teams.factories import team_consent

    teams = pages.teams
    client = logged_in_client(teams.leader)
    path = f"/team/{teams.local.pk}/"
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    for day in (3, 4):
        born = datetime.date(timezone.localdate().year - 3, 1, day)
        child = Child.objects.create(
            municipality=teams.melhus,
            identity_number=valid_birth_number(born.day, born.month, born.year),
            given_name=f"Barn{day}",
            family_name="Testesen",
            birth_date=born,
        )
        case = Case.objects.create(
            municipality=teams.melhus,
            child=child,
            holder=teams.holder,
            holder_unit=teams.kindergarten,
            level=2,
        )
        CaseUnit.objects.create(case=case, unit=teams.kindergarten)
        team_consent(child, teams.holder, units=(teams.ppt,))
        do_refer(case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    with CaptureQueriesContext(connection) as three:
        html = client.get(path).content.decode()
    assert "Barn3 Testesen" in html and "Barn4 Testesen" in html
    assert len(three) == len(one)
