"""do_record_consultation: an anonymous talk with child welfare about whether
to report, recorded without the child's identity."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rodtrad.audit.models import AuditEvent
from rodtrad.policy.reports import visible_consultations
from rodtrad.reports.actions import do_record_consultation
from rodtrad.reports.models import Consultation, ConsultationOutcome, SourceKind
from tests.reports.world import ReportWorld


def record(world: ReportWorld, **overrides: object) -> Consultation:
    arguments: dict[str, object] = {
        "actor": world.teacher,
        "consulting_unit_id": world.school.pk,
        "child_welfare_unit_id": world.child_welfare.pk,
        "held_on": timezone.localdate(),
        "summary": "En gutt i 4. klasse har hatt blåmerker flere ganger.",
        "advice": "Send melding.",
        "outcome": ConsultationOutcome.REPORT,
    }
    arguments.update(overrides)
    return do_record_consultation(**arguments)  # type: ignore[arg-type]


def test_it_has_no_place_for_the_childs_identity() -> None:
    names = {field.name for field in Consultation._meta.get_fields()}

    assert not names & {"child", "case", "guardian", "family", "identity_number", "municipality"}


def test_it_records_the_talk_with_the_source(world: ReportWorld) -> None:
    consultation = record(world)

    assert consultation.child_welfare_unit == world.child_welfare
    assert consultation.consulting_unit == world.school
    assert consultation.source_kind == SourceKind.SCHOOL
    assert consultation.recorded_by == world.teacher
    event = AuditEvent.objects.get(action="consultation.recorded")
    assert event.child_id is None
    assert "blåmerker" not in str(event.changes)


@pytest.mark.parametrize("field", ["summary", "advice"])
def test_it_refuses_an_identity_number_in_the_texts(world: ReportWorld, field: str) -> None:
    number = world.jonas.identity_number or ""
    spaced = f"{number[:6]} {number[6:]}"

    with pytest.raises(ValidationError) as excinfo:
        record(world, **{field: f"Gjelder {spaced}."})

    assert set(excinfo.value.message_dict) == {field}
    assert not Consultation.objects.exists()


def test_it_only_records_a_talk_with_a_service_serving_the_units_municipality(
    world: ReportWorld,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        record(world, child_welfare_unit_id=world.trondheim_child_welfare.pk)

    assert set(excinfo.value.message_dict) == {"child_welfare_unit"}


def test_it_only_records_for_ones_own_unit(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        record(world, consulting_unit_id=world.kindergarten.pk)

    assert set(excinfo.value.message_dict) == {"consulting_unit"}


def test_it_refuses_a_date_in_the_future(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        record(world, held_on=timezone.localdate() + datetime.timedelta(days=1))

    assert set(excinfo.value.message_dict) == {"held_on"}


def test_it_needs_a_summary_and_an_outcome(world: ReportWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        record(world, summary=" ", outcome="maybe")

    assert set(excinfo.value.message_dict) == {"summary", "outcome"}


def test_it_shows_the_talk_to_the_recorder_and_child_welfare_only(world: ReportWorld) -> None:
    consultation = record(world)

    assert list(visible_consultations(world.teacher)) == [consultation]
    assert list(visible_consultations(world.cw_worker)) == [consultation]
    assert not visible_consultations(world.colleague).exists()
    assert not visible_consultations(world.trondheim_cw_worker).exists()
