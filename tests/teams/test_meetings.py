"""Meetings, minutes from one template, decisions that become measures, the
family's rating, reminders and the calendar file (domain functions, no HTTP)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from rodtrad.audit.models import AuditEvent
from rodtrad.cases import mine_saker
from rodtrad.cases.models import Entry, EntryKind, Measure
from rodtrad.notifications.models import Notification
from rodtrad.policy import NotFound
from rodtrad.policy import teams as team_policy
from rodtrad.teams import queries
from rodtrad.teams.actions import (
    Answer,
    do_add_agenda_item,
    do_add_decision,
    do_add_participant,
    do_answer_referral,
    do_approve_minutes,
    do_link_referral,
    do_record_rating,
    do_refer,
    do_save_minutes,
    do_schedule_meeting,
    do_send_meeting_reminders,
)
from rodtrad.teams.anonymity import found_terms, identity_terms
from rodtrad.teams.ical import meeting_ics
from rodtrad.teams.models import Meeting, MeetingParticipant, MinutesStatus, ParticipantKind
from rodtrad.teams.pdf import minutes_pdf
from tests.teams.conftest import Teams, Youth, add_measure, consent_for_team, make_youth


def _soon(hours: int = 2) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.now() + datetime.timedelta(hours=hours)
    return start, start + datetime.timedelta(hours=1)


def _past() -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.now() - datetime.timedelta(hours=2)
    return start, start + datetime.timedelta(hours=1)


def _accepted_referral(teams: Teams) -> int:
    consent_for_team(teams.world, teams.health_station, teams.ppt, teams.kindergarten)
    referral = do_refer(
        teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Emil trenger hjelp"
    )
    do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)
    return referral.pk


def _held_meeting(teams: Teams) -> Meeting:
    referral_id = _accepted_referral(teams)
    start, end = _past()
    return do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Møte i lokalt tverrfaglig team",
        starts_at=start,
        ends_at=end,
        place="Solsikken, møterom 1",
        referral_ids=[referral_id],
    )


def test_it_schedules_a_team_meeting_and_invites_every_member(teams: Teams) -> None:
    start, end = _soon()
    meeting = do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Teammøte",
        starts_at=start,
        ends_at=end,
        video_link="https://video.example/rom",
        topics=["Felles rutiner"],
    )
    invited = {p.user for p in meeting.participants.all()}
    assert invited == {teams.leader, teams.nurse, teams.ppt_adviser}
    assert all(p.invited_at for p in meeting.participants.all())
    notes = Notification.objects.filter(kind="team.meeting_invitation")
    assert {n.recipient for n in notes} == invited
    assert {n.link for n in notes} == {f"/moter/{meeting.pk}/"}
    assert [item.topic for item in meeting.agenda_items.all()] == ["Felles rutiner"]


def test_a_meeting_needs_a_place_or_a_video_link_and_to_end_after_it_starts(teams: Teams) -> None:
    start, _end = _soon()
    with pytest.raises(ValidationError) as error:
        do_schedule_meeting(
            actor=teams.leader, team_id=teams.local.pk, title="Møte", starts_at=start, ends_at=start
        )
    assert {"place", "ends_at"} <= set(error.value.message_dict)


def test_only_team_members_schedule_its_meetings(teams: Teams) -> None:
    start, end = _soon()
    with pytest.raises(NotFound):
        do_schedule_meeting(
            actor=teams.outsider,
            team_id=teams.local.pk,
            title="Møte",
            starts_at=start,
            ends_at=end,
            place="Et sted",
        )


def test_a_case_meeting_is_called_by_someone_who_writes_in_the_case(teams: Teams) -> None:
    start, end = _soon()
    meeting = do_schedule_meeting(
        actor=teams.holder,
        case_id=teams.case.pk,
        title="Ansvarsgruppemøte",
        starts_at=start,
        ends_at=end,
        place="Helsestasjonen",
        employee_ids=[teams.nurse.pk],
    )
    assert [item.case_id for item in meeting.agenda_items.all()] == [teams.case.pk]
    with pytest.raises(NotFound):
        do_schedule_meeting(
            actor=teams.outsider,
            case_id=teams.case.pk,
            title="Møte",
            starts_at=start,
            ends_at=end,
            place="Et sted",
        )
    with pytest.raises(ValidationError) as error:
        do_schedule_meeting(
            actor=teams.holder,
            case_id=teams.case.pk,
            title="Møte om Emil",
            starts_at=start,
            ends_at=end,
            place="Et sted",
        )
    assert "title" in error.value.message_dict


def test_guardians_are_invited_to_their_own_childs_item_by_email_with_a_link(
    teams: Teams,
) -> None:
    teams.mother.email = "maria@example.org"
    teams.mother.save()
    meeting = _held_meeting(teams)
    item = meeting.agenda_items.get()
    participant = do_add_participant(
        meeting.pk,
        actor=teams.leader,
        kind=ParticipantKind.GUARDIAN,
        guardian_id=teams.mother.pk,
        agenda_item_id=item.pk,
    )
    assert participant.invited_at is not None
    [message] = [m for m in mail.outbox if m.to == ["maria@example.org"]]
    assert "Emil" not in message.body and "Hansen" not in message.body
    assert "http" in message.body
    with pytest.raises(ValidationError):
        do_add_participant(
            meeting.pk,
            actor=teams.leader,
            kind=ParticipantKind.GUARDIAN,
            guardian_id=teams.mother.pk,
            agenda_item_id=item.pk,
        )


def test_s1_decisions_become_measures_minutes_reach_everyone_parents_rate(teams: Teams) -> None:
    meeting = _held_meeting(teams)
    item = meeting.agenda_items.get()
    mother = do_add_participant(
        meeting.pk,
        actor=teams.leader,
        kind=ParticipantKind.GUARDIAN,
        guardian_id=teams.mother.pk,
        agenda_item_id=item.pk,
    )
    father = do_add_participant(
        meeting.pk,
        actor=teams.leader,
        kind=ParticipantKind.GUARDIAN,
        guardian_id=teams.father.pk,
        agenda_item_id=item.pk,
    )
    due = timezone.localdate() + datetime.timedelta(days=5)
    do_save_minutes(
        meeting.pk,
        actor=teams.nurse,
        present={p.pk: True for p in meeting.participants.all()},
        items={
            item.pk: {
                "child_view": "Emil sier han vil leke med Ali.",
                "guardians_view": "Foreldrene ønsker hjelp med rutiner.",
                "assessment": "Behov for tett oppfølging.",
            }
        },
    )
    decision = do_add_decision(
        item.pk,
        actor=teams.nurse,
        text="Helsestasjonen følger opp vekt og kosthold",
        responsible_id=teams.nurse.pk,
        responsible_unit_id=teams.health_station.pk,
        due_on=due,
    )
    with pytest.raises(NotFound):
        do_approve_minutes(meeting.pk, actor=teams.nurse)  # the meeting leader approves

    minutes = do_approve_minutes(meeting.pk, actor=teams.leader)

    assert minutes.status == MinutesStatus.APPROVED
    decision.refresh_from_db()
    assert decision.measure_id is not None
    measure = Measure.objects.get(pk=decision.measure_id)
    assert (measure.case_id, measure.responsible, measure.evaluate_on) == (
        teams.case.pk,
        teams.nurse,
        due,
    )
    assert measure.pk in [line.pk for line in mine_saker.measures_due(teams.nurse)]
    assert Entry.objects.filter(case=teams.case, kind=EntryKind.NOTE).exists()
    notified = set(
        Notification.objects.filter(kind="team.minutes_approved").values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == {teams.leader.pk, teams.nurse.pk, teams.ppt_adviser.pk, teams.holder.pk}
    assert all(p.minutes_sent_at for p in MeetingParticipant.objects.filter(meeting=meeting))
    with pytest.raises(ValidationError):
        do_save_minutes(meeting.pk, actor=teams.leader, notes="Endring")

    rating = do_record_rating(
        meeting.pk, actor=teams.holder, participant_id=mother.pk, useful=4, heard=5, comment="Bra"
    )
    assert rating.recorded_by == teams.holder
    with pytest.raises(ValidationError):
        do_record_rating(
            meeting.pk, actor=teams.holder, participant_id=mother.pk, useful=4, heard=5
        )
    with pytest.raises(ValidationError):
        do_record_rating(
            meeting.pk, actor=teams.holder, participant_id=father.pk, useful=7, heard=0
        )
    assert AuditEvent.objects.filter(action="team.meeting_rated", child_id=teams.child.pk).exists()


def test_a_decision_names_a_unit_that_takes_part_in_the_case(teams: Teams) -> None:
    meeting = _held_meeting(teams)
    item = meeting.agenda_items.get()
    with pytest.raises(ValidationError) as error:
        do_add_decision(
            item.pk,
            actor=teams.leader,
            text="Barnevernet vurderer",
            responsible_id=teams.child_welfare_worker.pk,
            responsible_unit_id=teams.child_welfare.pk,
            due_on=timezone.localdate(),
        )
    assert "responsible_unit" in error.value.message_dict


def test_minutes_are_approved_only_after_the_meeting_has_started(teams: Teams) -> None:
    start, end = _soon()
    meeting = do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Teammøte",
        starts_at=start,
        ends_at=end,
        place="Rom 1",
    )
    do_save_minutes(meeting.pk, actor=teams.leader, notes="Utkast")
    with pytest.raises(ValidationError):
        do_approve_minutes(meeting.pk, actor=teams.leader)


def test_reminders_go_once_to_employees_of_meetings_soon(teams: Teams) -> None:
    start, end = _soon(hours=3)
    meeting = do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Teammøte",
        starts_at=start,
        ends_at=end,
        place="Rom 1",
    )
    later_start, later_end = _soon(hours=72)
    do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Senere møte",
        starts_at=later_start,
        ends_at=later_end,
        place="Rom 1",
    )
    assert do_send_meeting_reminders() == 3
    assert do_send_meeting_reminders() == 0
    reminders = Notification.objects.filter(kind="team.meeting_reminder")
    assert {n.link for n in reminders} == {f"/moter/{meeting.pk}/"}


def test_the_calendar_file_has_time_place_and_a_link_but_no_child(teams: Teams) -> None:
    meeting = _held_meeting(teams)
    calendar = Calendar.from_ical(meeting_ics(meeting))
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Møte i lokalt tverrfaglig team"
    assert str(event["location"]) == "Solsikken, møterom 1"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert f"/moter/{meeting.pk}/" in str(event["description"])
    text = meeting_ics(meeting).decode()
    assert "Emil" not in text and "Hansen" not in text


def _anonymous_meeting(teams: Teams) -> tuple[Meeting, Youth]:
    """S6: the school nurse refers a 15-year-old to the drøftingsteam anonymously."""
    youth = make_youth(teams.melhus, teams.nurse, teams.health_station)
    case = youth.child.cases.get()
    Measure.objects.create(
        case=case,
        goal="Samtaler hos helsesykepleier",
        responsible=teams.nurse,
        responsible_unit=teams.health_station,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        evaluate_on=timezone.localdate(),
        created_by=teams.nurse,
    )
    referral = do_refer(
        case.pk,
        actor=teams.nurse,
        team_id=teams.discussion.pk,
        reason="Jente, 15 år, med mye fravær og lite energi.",
        tried="Samtaler hos helsesykepleier i to måneder.",
        anonymous=True,
    )
    do_answer_referral(referral.pk, actor=teams.ppt_adviser, answer=Answer.ACCEPT)
    start, end = _past()
    meeting = do_schedule_meeting(
        actor=teams.ppt_adviser,
        team_id=teams.discussion.pk,
        title="Drøftingsteam",
        starts_at=start,
        ends_at=end,
        place="Rådhuset",
        referral_ids=[referral.pk],
    )
    return meeting, youth


def test_anonymous_minutes_contain_no_identity_in_html_or_pdf(teams: Teams) -> None:
    meeting, youth = _anonymous_meeting(teams)
    item = meeting.agenda_items.get()
    with pytest.raises(ValidationError):
        do_save_minutes(
            meeting.pk,
            actor=teams.child_welfare_worker,
            items={item.pk: {"assessment": "Sara på Elvdal ungdomsskole trenger hjelp"}},
        )
    do_save_minutes(
        meeting.pk,
        actor=teams.child_welfare_worker,
        present={p.pk: True for p in meeting.participants.all()},
        items={
            item.pk: {
                "child_view": "Hun sier hun er sliten.",
                "guardians_view": "Ikke kjent.",
                "assessment": "Anbefaler samtale med foreldrene og søvnkartlegging.",
            }
        },
    )
    do_add_decision(
        item.pk,
        actor=teams.ppt_adviser,
        text="Helsesykepleier tilbyr samtale om søvn",
        responsible_id=teams.nurse.pk,
        responsible_unit_id=teams.health_station.pk,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    do_approve_minutes(meeting.pk, actor=teams.ppt_adviser)
    assert not Measure.objects.filter(decision__isnull=False).exists()

    terms = identity_terms(youth.child)
    assert {"Sara", "Bakke", youth.child.identity_number, "Elvdal ungdomsskole"} <= set(terms)
    assert "Fjordveien 3" in terms
    # Every reader sees the same anonymous minutes, the referrer included.
    for reader in (teams.child_welfare_worker, teams.ppt_adviser, teams.nurse):
        reader = type(reader).objects.get(pk=reader.pk)
        meeting_for_reader, _view = team_policy.get_meeting_for(reader, meeting.pk)
        items = queries.agenda(reader, meeting_for_reader)
        context = {
            "meeting": meeting_for_reader,
            "items": items,
            "participants": [
                {"participant": p, "name": queries.participant_name(p, set())}
                for p in queries.participants(meeting_for_reader)
            ],
            "minutes": queries.minutes_of(meeting_for_reader),
            "approved": True,
        }
        html = render_to_string("teams/minutes_pdf.html", context)
        assert "15" in html and "søvn" in html
        assert found_terms(html, terms) == []
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(minutes_pdf(html))).pages
        )
        assert "søvn" in text
        assert found_terms(text, terms) == []


def test_s6_linking_with_consent_turns_the_decisions_into_measures(teams: Teams) -> None:
    meeting, youth = _anonymous_meeting(teams)
    item = meeting.agenda_items.get()
    decision = do_add_decision(
        item.pk,
        actor=teams.ppt_adviser,
        text="Helsesykepleier tilbyr samtale om søvn",
        responsible_id=teams.nurse.pk,
        responsible_unit_id=teams.health_station.pk,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    do_save_minutes(meeting.pk, actor=teams.ppt_adviser, notes="")
    do_approve_minutes(meeting.pk, actor=teams.ppt_adviser)
    from tests.teams.factories import team_consent

    team_consent(youth.child, teams.nurse, units=(teams.child_welfare, teams.ppt))
    left = do_link_referral(item.referral_id or 0, actor=teams.nurse)

    assert left == []
    decision.refresh_from_db()
    assert decision.measure is not None and decision.measure.case == youth.child.cases.get()
    ppt = type(teams.ppt_adviser).objects.get(pk=teams.ppt_adviser.pk)
    [view] = queries.agenda(ppt, meeting)
    assert view.identity and view.label == "Sara Bakke"


def test_adding_to_the_agenda_takes_accepted_referrals_of_the_team(teams: Teams) -> None:
    start, end = _soon()
    meeting = do_schedule_meeting(
        actor=teams.leader,
        team_id=teams.local.pk,
        title="Teammøte",
        starts_at=start,
        ends_at=end,
        place="Rom 1",
    )
    consent_for_team(teams.world, teams.health_station)
    referral = do_refer(teams.case.pk, actor=teams.holder, team_id=teams.local.pk, reason="Hjelp")
    with pytest.raises(ValidationError):
        do_add_agenda_item(meeting.pk, actor=teams.leader, referral_id=referral.pk)
    do_answer_referral(referral.pk, actor=teams.leader, answer=Answer.ACCEPT)
    item = do_add_agenda_item(meeting.pk, actor=teams.leader, referral_id=referral.pk)
    assert item.case_id == teams.case.pk
    with pytest.raises(NotFound):
        do_add_agenda_item(meeting.pk, actor=teams.outsider, topic="Noe")
    add_measure(teams.world)
