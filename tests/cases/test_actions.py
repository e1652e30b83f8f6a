"""The relay log's domain functions, without HTTP: each rule, allowed and refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rodtrad import policy
from rodtrad.audit.models import AuditEvent
from rodtrad.cases import actions
from rodtrad.cases.models import (
    Case,
    CaseUnit,
    Entry,
    EntryKind,
    EvaluationDecision,
    EvaluationResult,
    HandoverStatus,
    LeaderDecision,
    Level,
    Measure,
    MeasureStatus,
    Status,
)
from rodtrad.notifications.models import Notification
from rodtrad.policy import Action, CaseAccess, NotFound, Reason
from tests.cases.conftest import Story

TODAY = timezone.localdate()


def add_measure(story: Story, case: Case, **overrides: object) -> Measure:
    values: dict[str, object] = {
        "goal": "Emil spiser frokost hver dag i barnehagen",
        "responsible_id": story.kari.pk,
        "responsible_unit_id": story.kindergarten.pk,
        "starts_on": TODAY,
        "evaluate_on": TODAY + datetime.timedelta(weeks=6),
    }
    values.update(overrides)
    return actions.do_add_measure(case.pk, actor=story.kari, **values)  # type: ignore[arg-type]


def test_it_opens_a_level_0_case_with_the_employee_as_baton_holder(story: Story) -> None:
    case = story.open_case()

    assert (case.level, case.status, case.holder, case.holder_unit) == (
        Level.WONDER,
        Status.OPEN,
        story.kari,
        story.kindergarten,
    )
    assert list(case.units.all()) == [story.kindergarten]
    [entry] = Entry.objects.filter(case=case)
    assert entry.kind == EntryKind.CONCERN
    assert entry.categories == ["well_being", "care"]
    assert AuditEvent.objects.filter(action="case.opened", child_id=story.child.pk).exists()


def test_it_refuses_a_child_the_employee_cannot_see(story: Story) -> None:
    with pytest.raises(NotFound):
        actions.do_open_case(
            actor=story.outsider,
            child_id=story.child.pk,
            unit_id=story.skaun_kindergarten.pk,
            concern="Bekymret",
        )


def test_it_refuses_a_unit_the_employee_does_not_work_in(story: Story) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_open_case(
            actor=story.kari, child_id=story.child.pk, unit_id=story.school.pk, concern="x"
        )
    assert "unit" in error.value.message_dict


def test_it_refuses_a_second_open_case_the_employee_can_see(story: Story, case: Case) -> None:
    with pytest.raises(ValidationError) as error:
        story.open_case()
    assert "child" in error.value.message_dict


def test_an_open_case_can_never_lack_a_baton_holder(case: Case) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(holder=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(holder_unit=None)


def test_a_closed_case_keeps_its_last_holder_but_may_be_without(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED, holder=None, holder_unit=None)
    assert Case.objects.get(pk=case.pk).holder is None


def test_it_records_observations_bright_spots_and_conversations(story: Story, case: Case) -> None:
    actions.do_add_entry(
        case.pk,
        actor=story.kari,
        kind=EntryKind.OBSERVATION,
        text="Spiste tre brødskiver før lunsj.",
        categories=["care", "health"],
    )
    actions.do_add_entry(
        case.pk,
        actor=story.kari,
        kind=EntryKind.BRIGHT_SPOT,
        text="Lekte med Ali hele formiddagen og lo.",
        categories=["well_being"],
    )
    talk = actions.do_add_entry(
        case.pk,
        actor=story.kari,
        kind=EntryKind.CONVERSATION,
        conversation_with="guardians",
        child_words="Jeg er sulten om morgenen.",
        guardians_view="Mor sier morgenene er travle.",
        text="Jeg vurderer at frokosten bør følges opp.",
    )

    assert (talk.child_words, talk.guardians_view, talk.text) == (
        "Jeg er sulten om morgenen.",
        "Mor sier morgenene er travle.",
        "Jeg vurderer at frokosten bør følges opp.",
    )
    kinds = list(Entry.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["concern", "observation", "bright_spot", "conversation"]


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("observation", {"text": "Så noe"}, "categories"),
        ("bright_spot", {"categories": ["care"]}, "text"),
        ("conversation", {"text": "x"}, "conversation_with"),
        ("conversation", {"conversation_with": "child"}, "text"),
        ("measure", {"text": "x"}, "kind"),
        ("observation", {"text": "x", "categories": ["sleep"]}, "categories"),
        (
            "note",
            {"text": "x", "occurred_on": TODAY + datetime.timedelta(days=1)},
            "occurred_on",
        ),
    ],
)
def test_it_refuses_incomplete_entries(
    story: Story, case: Case, kind: str, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_add_entry(case.pk, actor=story.kari, kind=kind, **fields)  # type: ignore[arg-type]
    assert field in error.value.message_dict


def test_an_employee_without_access_cannot_write(story: Story, case: Case) -> None:
    for actor in (story.hanne, story.colleague, story.outsider):
        with pytest.raises(NotFound):
            actions.do_add_entry(case.pk, actor=actor, kind="note", text="x")
    assert AuditEvent.objects.filter(action="case.denied").count() == 3


def test_what_the_page_has_authorised_is_not_checked_or_audited_again(
    story: Story, case: Case
) -> None:
    authorised = policy.get_case_for(story.kari, case.pk, Action.WRITE)

    entry = actions.do_add_entry(
        case.pk, actor=story.kari, kind="note", text="Notat.", authorised=authorised
    )

    assert entry.author == story.kari and entry.author_unit == story.kindergarten
    events = AuditEvent.objects.filter(actor=story.kari).exclude(action="case.opened")
    assert list(events.order_by("position").values_list("action", flat=True)) == [
        "case.write",
        "case.entry_added",
    ]


def test_an_authorisation_for_less_than_writing_or_for_another_case_writes_nothing(
    story: Story, case: Case
) -> None:
    fetched, _ = policy.get_case_for(story.kari, case.pk, Action.READ)
    only_an_offer = CaseAccess(frozenset({Reason.HANDOVER_OFFERED}))
    with pytest.raises(NotFound):
        actions.do_add_entry(
            case.pk, actor=story.kari, kind="note", text="x", authorised=(fetched, only_an_offer)
        )
    writing = policy.get_case_for(story.kari, case.pk, Action.WRITE)
    with pytest.raises(NotFound):
        actions.do_add_entry(
            case.pk + 1, actor=story.kari, kind="note", text="x", authorised=writing
        )

    assert list(Entry.objects.filter(case=case).values_list("kind", flat=True)) == ["concern"]


def test_a_consented_unit_writes_but_does_not_manage(story: Story, case: Case) -> None:
    story.consent(case)
    actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.health_station.pk)

    actions.do_add_entry(case.pk, actor=story.hanne, kind="note", text="Veid og målt.")
    with pytest.raises(NotFound):
        actions.do_change_level(
            case.pk, actor=story.hanne, level=1, reason="x", version=case.version
        )


def test_the_author_corrects_an_entry_and_the_audit_keeps_the_old_text(
    story: Story, case: Case
) -> None:
    entry = Entry.objects.get(case=case)

    actions.do_update_entry(entry.pk, actor=story.kari, version=1, text="Rettet tekst.")

    entry.refresh_from_db()
    assert (entry.text, entry.version) == ("Rettet tekst.", 2)
    event = AuditEvent.objects.get(action="case.entry_changed")
    assert event.changes["text"] == [
        "Emil virker tilbaketrukket og er ofte sulten.",
        "Rettet tekst.",
    ]


def test_only_the_author_changes_an_entry(story: Story, case: Case) -> None:
    entry = Entry.objects.get(case=case)
    with pytest.raises(NotFound):
        actions.do_update_entry(entry.pk, actor=story.berit, version=1, text="Leders tekst")


def test_asking_the_leader_notifies_without_personal_data(story: Story, case: Case) -> None:
    actions.do_ask_leader(case.pk, actor=story.kari, text="Kan du se på dette?")

    case.refresh_from_db()
    assert case.leader_review_requested_at is not None
    [notification] = Notification.objects.filter(recipient=story.berit)
    assert "Emil" not in notification.title and "Hansen" not in notification.title
    assert notification.link == f"/saker/{case.pk}/"


def test_the_leader_records_the_decision(story: Story, case: Case) -> None:
    actions.do_ask_leader(case.pk, actor=story.kari)

    entry = actions.do_record_leader_decision(
        case.pk, actor=story.berit, decision=LeaderDecision.MEASURES, text="Start tiltak."
    )

    assert entry.decided_by == story.berit
    case.refresh_from_db()
    assert case.leader_review_requested_at is None


def test_the_employee_records_the_decision_naming_the_leader(story: Story, case: Case) -> None:
    entry = actions.do_record_leader_decision(
        case.pk,
        actor=story.kari,
        decision=LeaderDecision.KEEP_WATCHING,
        decided_by_id=story.berit.pk,
    )
    assert entry.decided_by == story.berit
    with pytest.raises(ValidationError) as error:
        actions.do_record_leader_decision(case.pk, actor=story.kari, decision="measures")
    assert "decided_by" in error.value.message_dict


def test_a_level_change_needs_a_reason_and_stays_in_the_timeline(story: Story, case: Case) -> None:
    with pytest.raises(ValidationError):
        actions.do_change_level(case.pk, actor=story.kari, level=1, reason=" ", version=1)

    entry = actions.do_change_level(
        case.pk, actor=story.kari, level=1, reason="Tiltak i egen tjeneste.", version=1
    )

    assert (entry.level_from, entry.level_to, entry.text) == (0, 1, "Tiltak i egen tjeneste.")
    case.refresh_from_db()
    assert (case.level, case.version) == (1, 2)
    assert AuditEvent.objects.get(action="case.level_changed").changes == {"level": [0, 1]}


def test_a_level_change_on_a_stale_version_changes_nothing(story: Story, case: Case) -> None:
    actions.do_change_level(case.pk, actor=story.kari, level=1, reason="Opp", version=1)

    with pytest.raises(actions.StaleVersion):
        actions.do_change_level(case.pk, actor=story.kari, level=2, reason="Opp igjen", version=1)

    assert Case.objects.get(pk=case.pk).level == 1


def test_a_unit_joins_only_with_consent(story: Story, case: Case) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.ppt.pk)
    assert "samtykke" in str(error.value.message_dict["unit"])

    story.consent(case)
    actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.ppt.pk)

    assert CaseUnit.objects.filter(case=case, unit=story.ppt).exists()
    assert Entry.objects.filter(case=case, kind=EntryKind.UNIT_JOINED, unit=story.ppt).exists()


def test_a_unit_of_another_municipality_cannot_join(story: Story, case: Case) -> None:
    story.consent(case)
    with pytest.raises(ValidationError):
        actions.do_add_case_unit(case.pk, actor=story.kari, unit_id=story.skaun_kindergarten.pk)


def test_a_measure_has_a_goal_a_responsible_person_and_unit_and_dates(
    story: Story, case: Case
) -> None:
    measure = add_measure(story, case, intervention="Frokostklubb")

    assert measure.responsible == story.kari
    assert measure.status == MeasureStatus.ACTIVE
    assert Entry.objects.filter(kind=EntryKind.MEASURE, measure=measure).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"goal": ""}, "goal"),
        ({"responsible_unit_id": 0}, "responsible_unit"),
        ({"responsible_id": 0}, "responsible"),
        ({"evaluate_on": TODAY - datetime.timedelta(days=1)}, "evaluate_on"),
        ({"status": "forgotten"}, "status"),
    ],
)
def test_it_refuses_an_incomplete_measure(
    story: Story, case: Case, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        add_measure(story, case, **overrides)
    assert field in error.value.message_dict


def test_the_responsible_person_must_work_in_a_participating_unit(story: Story, case: Case) -> None:
    with pytest.raises(ValidationError) as error:
        add_measure(story, case, responsible_id=story.per.pk, responsible_unit_id=story.ppt.pk)
    assert "responsible_unit" in error.value.message_dict


def test_two_users_saving_the_same_measure_the_second_is_refused_and_nothing_is_lost(
    story: Story, case: Case
) -> None:
    actions.do_ask_leader(case.pk, actor=story.kari)
    measure = add_measure(story, case)
    read_by_both = measure.version

    actions.do_update_measure(
        measure.pk, actor=story.kari, version=read_by_both, goal="Kari sitt mål"
    )
    with pytest.raises(actions.StaleVersion) as stale:
        actions.do_update_measure(
            measure.pk, actor=story.berit, version=read_by_both, goal="Berit sitt mål"
        )

    measure.refresh_from_db()
    assert measure.goal == "Kari sitt mål"
    assert measure.version == read_by_both + 1
    assert "Noen andre lagret dette tiltaket" in str(stale.value.messages[0])
    assert stale.value.current.goal == "Kari sitt mål"  # type: ignore[attr-defined]
    # With the version now seen, the second user saves their own text.
    actions.do_update_measure(
        measure.pk, actor=story.berit, version=measure.version, goal="Berit sitt mål"
    )
    measure.refresh_from_db()
    assert measure.goal == "Berit sitt mål"


def test_an_evaluation_that_continues_moves_the_evaluation_date(story: Story, case: Case) -> None:
    measure = add_measure(story, case)
    next_date = TODAY + datetime.timedelta(weeks=4)

    evaluation = actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=measure.pk,
        held_on=TODAY,
        participants="Emil, mor, Kari",
        child_took_part=True,
        guardians_took_part=True,
        child_view="Jeg liker frokosten.",
        result=EvaluationResult.SOMEWHAT_BETTER,
        decision=EvaluationDecision.CONTINUE,
        next_evaluate_on=next_date,
    )

    measure.refresh_from_db()
    assert measure.evaluate_on == next_date
    assert evaluation.child_view == "Jeg liker frokosten."
    assert Entry.objects.filter(kind=EntryKind.EVALUATION, evaluation=evaluation).exists()


def test_continuing_needs_a_next_evaluation_date(story: Story, case: Case) -> None:
    measure = add_measure(story, case)
    with pytest.raises(ValidationError) as error:
        actions.do_add_evaluation(
            case.pk,
            actor=story.kari,
            measure_id=measure.pk,
            held_on=TODAY,
            participants="Kari",
            result=2,
            decision="adjust",
        )
    assert "next_evaluate_on" in error.value.message_dict


def test_an_evaluation_of_the_plan_that_moves_up_changes_the_level(
    story: Story, case: Case
) -> None:
    actions.do_change_level(case.pk, actor=story.kari, level=1, reason="Tiltak", version=1)
    measure = add_measure(story, case)

    actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=None,
        held_on=TODAY,
        participants="Emil, mor, far, Kari",
        result=EvaluationResult.NO_CHANGE,
        decision=EvaluationDecision.LEVEL_UP,
        notes="Tiltakene er ikke nok.",
    )

    case.refresh_from_db()
    assert case.level == Level.SIMPLE_COLLABORATION
    change = Entry.objects.get(case=case, kind=EntryKind.LEVEL_CHANGE, level_to=2)
    assert change.text == "Tiltakene er ikke nok."
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE


def test_only_the_baton_holder_moves_the_level_at_an_evaluation(story: Story, case: Case) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_add_evaluation(
            case.pk,
            actor=story.berit,
            measure_id=None,
            held_on=TODAY,
            participants="Berit",
            result=2,
            decision="level_up",
        )
    assert "decision" in error.value.message_dict


def test_closing_a_measure_at_its_evaluation_completes_it(story: Story, case: Case) -> None:
    measure = add_measure(story, case)
    actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=measure.pk,
        held_on=TODAY,
        participants="Kari, mor",
        result=EvaluationResult.GOAL_REACHED,
        decision=EvaluationDecision.CLOSE,
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.COMPLETED


def test_an_evaluation_is_corrected_with_optimistic_locking(story: Story, case: Case) -> None:
    evaluation = actions.do_add_evaluation(
        case.pk,
        actor=story.kari,
        measure_id=None,
        held_on=TODAY,
        participants="Kari",
        result=2,
        decision="close",
    )
    actions.do_update_evaluation(evaluation.pk, actor=story.kari, version=1, notes="Første")
    with pytest.raises(actions.StaleVersion):
        actions.do_update_evaluation(evaluation.pk, actor=story.berit, version=1, notes="Andre")
    evaluation.refresh_from_db()
    assert evaluation.notes == "Første"


def test_a_handover_keeps_the_old_holder_responsible_until_accepted(
    story: Story, case: Case
) -> None:
    handover = actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk, version=1
    )

    case.refresh_from_db()
    assert case.holder == story.kari
    assert Notification.objects.filter(recipient=story.tone, kind="case.handover_offered").exists()

    actions.do_accept_handover(case.pk, handover.pk, actor=story.tone)

    case.refresh_from_db()
    handover.refresh_from_db()
    assert (case.holder, case.holder_unit) == (story.tone, story.school)
    assert handover.status == HandoverStatus.ACCEPTED
    assert CaseUnit.objects.filter(case=case, unit=story.school).exists()
    event = AuditEvent.objects.get(action="case.handover_accepted")
    assert event.changes["holder"] == [story.kari.pk, story.tone.pk]


def test_the_offered_employee_declines_with_a_reason(story: Story, case: Case) -> None:
    handover = actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    with pytest.raises(ValidationError):
        actions.do_decline_handover(case.pk, handover.pk, actor=story.tone, reason="")

    actions.do_decline_handover(case.pk, handover.pk, actor=story.tone, reason="Feil skole.")

    case.refresh_from_db()
    assert case.holder == story.kari
    assert Notification.objects.filter(recipient=story.kari, kind="case.handover_declined")
    with pytest.raises(NotFound):
        actions.do_accept_handover(case.pk, handover.pk, actor=story.tone)


def test_nobody_else_answers_an_offer(story: Story, case: Case) -> None:
    handover = actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    for actor in (story.kari, story.berit, story.hanne, story.outsider):
        with pytest.raises(NotFound):
            actions.do_accept_handover(case.pk, handover.pk, actor=actor)


def test_the_offered_employee_cannot_read_the_case_before_accepting(
    story: Story, case: Case
) -> None:
    from rodtrad.policy import Action, get_case_for

    actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    with pytest.raises(NotFound):
        get_case_for(story.tone, case.pk, Action.READ)
    _case, access = get_case_for(story.tone, case.pk, Action.ANSWER_HANDOVER)
    assert not access.allows(Action.READ)


def test_one_open_offer_at_a_time(story: Story, case: Case) -> None:
    actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    with pytest.raises(ValidationError):
        actions.do_offer_handover(
            case.pk,
            actor=story.kari,
            to_user_id=story.colleague.pk,
            to_unit_id=story.kindergarten.pk,
        )


def test_the_holder_withdraws_an_offer(story: Story, case: Case) -> None:
    handover = actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    actions.do_withdraw_handover(case.pk, handover.pk, actor=story.kari)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.WITHDRAWN
    with pytest.raises(NotFound):
        actions.do_accept_handover(case.pk, handover.pk, actor=story.tone)


def test_closing_needs_a_reason_and_informed_guardians(story: Story, case: Case) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_close_case(
            case.pk, actor=story.kari, reason="Ferdig", guardians_informed=False, version=1
        )
    assert "guardians_informed" in error.value.message_dict

    actions.do_close_case(
        case.pk,
        actor=story.kari,
        reason="Bekymringen er borte.",
        guardians_informed=True,
        version=1,
    )

    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at is not None
    with pytest.raises(ValidationError):
        actions.do_add_entry(case.pk, actor=story.kari, kind="note", text="x")


def test_the_holder_reopens_a_closed_case(story: Story, case: Case) -> None:
    actions.do_close_case(
        case.pk, actor=story.kari, reason="Ferdig", guardians_informed=True, version=1
    )
    actions.do_reopen_case(case.pk, actor=story.kari, reason="Ny bekymring.", version=2)
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.holder) == (Status.OPEN, None, story.kari)
    kinds = list(Entry.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-2:] == ["closed", "reopened"]


def test_closing_waits_for_an_open_offer(story: Story, case: Case) -> None:
    actions.do_offer_handover(
        case.pk, actor=story.kari, to_user_id=story.tone.pk, to_unit_id=story.school.pk
    )
    with pytest.raises(ValidationError):
        actions.do_close_case(
            case.pk, actor=story.kari, reason="x", guardians_informed=True, version=None
        )
