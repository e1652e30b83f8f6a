"""The audit log is append-only and its hash chain reveals tampering."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from pytest_django import DjangoAssertNumQueries

from rodtrad.accounts.models import User
from rodtrad.audit.context import RequestIdMiddleware, current_request_id
from rodtrad.audit.log import changed_fields, record, record_each
from rodtrad.audit.models import AuditEvent
from rodtrad.audit.verify import verify_chain
from rodtrad.people.models import Child

pytestmark = pytest.mark.django_db


def three_events(actor: User, child: Child) -> list[AuditEvent]:
    return [
        record("child.read", actor=actor, obj=child, child_id=child.pk, reason="administrator"),
        record(
            "child.updated",
            actor=actor,
            obj=child,
            child_id=child.pk,
            changes={"given_name": ["Emil", "Emilie"]},
        ),
        record("child.exported", actor=actor, obj=child, child_id=child.pk),
    ]


def tamper(sql: str, params: list[int]) -> None:
    """Change the log as an attacker with database access would, triggers off."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change")


def test_it_chains_each_event_to_the_one_before(admin_user: User, child: Child) -> None:
    events = [AuditEvent.objects.get(pk=e.pk) for e in three_events(admin_user, child)]
    assert [e.position for e in events] == [1, 2, 3]
    assert events[0].previous_hash == ""
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    assert len({e.hash for e in events}) == 3


def test_it_records_who_what_whose_and_why(admin_user: User, child: Child) -> None:
    event = AuditEvent.objects.get(
        pk=record(
            "child.read", actor=admin_user, obj=child, child_id=child.pk, reason="administrator"
        ).pk
    )
    assert (event.actor_id, event.action, event.object_type, event.object_id) == (
        admin_user.pk,
        "child.read",
        "people.child",
        str(child.pk),
    )
    assert (event.child_id, event.reason) == (child.pk, "administrator")
    assert event.occurred_at is not None


def test_the_database_refuses_to_change_an_event(admin_user: User, child: Child) -> None:
    event = record("child.read", actor=admin_user, obj=child, child_id=child.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="child.nothing")
    assert AuditEvent.objects.get(pk=event.pk).action == "child.read"


def test_the_database_refuses_to_delete_an_event(admin_user: User, child: Child) -> None:
    event = record("child.read", actor=admin_user, obj=child, child_id=child.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_to_truncate_the_log(admin_user: User, child: Child) -> None:
    record("child.read", actor=admin_user, obj=child, child_id=child.pk)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL rodtrad.allow_audit_truncate = 'off'")
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1


def test_verify_accepts_an_intact_chain(
    admin_user: User, child: Child, capsys: pytest.CaptureFixture[str]
) -> None:
    three_events(admin_user, child)
    assert verify_chain().broken is None
    call_command("audit", "verify")
    assert "Revisjonsloggen er hel: 3 hendelser kontrollert." in capsys.readouterr().out


def test_the_hash_the_trigger_writes_is_the_one_verify_recomputes(
    admin_user: User, child: Child
) -> None:
    """The trigger writes the hashed text out itself (migration 0006), verify
    asks audit_event_payload: events of every shape must pass, nulls, quotes,
    a request id and text beyond ASCII among them."""
    token = current_request_id.set("req-ø'|1")
    try:
        events = [
            record("child.read", actor=admin_user, obj=child, child_id=child.pk, reason="x"),
            record("login.failed", actor=None, changes={"username": 'o\'brien|æøå "q"'}),
            record("case.listed", actor=admin_user, municipality_id=child.municipality_id),
        ]
    finally:
        current_request_id.reset(token)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM audit_auditevent e WHERE e.hash = encode(sha256(convert_to("
            "e.previous_hash || '|' || audit_event_payload(e), 'UTF8')), 'hex')"
        )
        (matching,) = cursor.fetchone()
    assert matching == len(events)
    assert verify_chain().broken is None


def test_verify_names_an_event_whose_content_was_changed(admin_user: User, child: Child) -> None:
    events = three_events(admin_user, child)
    tamper("UPDATE audit_auditevent SET actor_id = NULL WHERE id = %s", [events[1].pk])
    report = verify_chain()
    assert report.broken is not None
    assert (report.broken.event_id, report.broken.problem) == (events[1].pk, "content")
    with pytest.raises(CommandError, match=f"hendelse {events[1].pk} "):
        call_command("audit", "verify")


def test_verify_notices_a_removed_event(admin_user: User, child: Child) -> None:
    events = three_events(admin_user, child)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = verify_chain()
    assert report.broken is not None
    assert (report.broken.event_id, report.broken.problem) == (events[2].pk, "missing")


def test_verify_notices_a_rewritten_hash(admin_user: User, child: Child) -> None:
    events = three_events(admin_user, child)
    tamper("UPDATE audit_auditevent SET hash = repeat('0', 64) WHERE id = %s", [events[0].pk])
    report = verify_chain()
    assert report.broken is not None
    assert report.broken.event_id == events[0].pk


def test_each_request_gets_an_id_that_events_carry(admin_user: User, child: Child) -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(record("child.read", actor=admin_user, obj=child, child_id=child.pk).request_id)
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/"))
    assert seen[0] and response["X-Request-ID"] == seen[0]
    assert current_request_id.get() == ""


def test_it_keeps_only_the_fields_that_changed() -> None:
    assert changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_verify_notices_reordered_events(admin_user: User, child: Child) -> None:
    events = three_events(admin_user, child)
    # Swap the places of the first two events in the chain.
    tamper("UPDATE audit_auditevent SET position = -1 WHERE id = %s", [events[0].pk])
    tamper("UPDATE audit_auditevent SET position = 1 WHERE id = %s", [events[1].pk])
    tamper("UPDATE audit_auditevent SET position = 2 WHERE id = %s", [events[0].pk])
    report = verify_chain()
    assert report.broken is not None
    assert report.broken.position == 1


def test_record_each_writes_one_chained_event_per_object_in_one_statement(
    admin_user: User, child: Child, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    before = record("child.read", actor=admin_user, obj=child, child_id=child.pk)
    other = Child.objects.create(
        municipality_id=child.municipality_id,
        given_name="Ida",
        family_name="Berg",
        birth_date=child.birth_date,
    )
    token = current_request_id.set("req-42")
    try:
        with django_assert_num_queries(1):
            record_each(
                "child.listed",
                actor=admin_user,
                object_type="people.child",
                about=[(other.pk, other.pk, 7), (child.pk, child.pk, None)],
                reason="search",
            )
    finally:
        current_request_id.reset(token)
    events = list(AuditEvent.objects.filter(action="child.listed").order_by("position"))
    assert [(e.object_id, e.child_id, e.municipality_id) for e in events] == [
        (str(other.pk), other.pk, 7),
        (str(child.pk), child.pk, None),
    ]
    assert {(e.actor_id, e.object_type, e.reason, e.request_id) for e in events} == {
        (admin_user.pk, "people.child", "search", "req-42")
    }
    assert [e.position for e in events] == [2, 3]
    assert events[0].previous_hash == AuditEvent.objects.get(pk=before.pk).hash
    assert verify_chain().broken is None


def test_record_each_of_nothing_writes_nothing(
    admin_user: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        record_each("child.listed", actor=admin_user, object_type="people.child", about=[])
