"""The audit log is written in lanes: one hash chain per lane, so writers on
different connections do not wait for each other's commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction

from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.audit.models import CHAIN_LANES, AuditEvent
from rodtrad.audit.verify import verify_chain
from rodtrad.people.models import Child

INSERT_ON_ITS_OWN = """
INSERT INTO audit_auditevent (actor_id, action, object_type, object_id, reason, request_id,
    changes, previous_hash, hash)
VALUES (NULL, 'child.read', 'people.child', %s, '', '', '{}', '', '')
RETURNING id"""


@contextmanager
def other_connection() -> Iterator[psycopg.Connection[Any]]:
    """A second connection to the test database, as another web worker would have."""
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        yield other
    finally:
        other.close()


def lane_of(conn: psycopg.Connection[Any]) -> int:
    return conn.info.backend_pid % CHAIN_LANES


def this_connections_lane() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return int(pid) % CHAIN_LANES


def test_an_event_goes_to_the_lane_of_its_connection(
    db: None, admin_user: User, child: Child
) -> None:
    event = record("child.read", actor=admin_user, obj=child, child_id=child.pk)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.lane == this_connections_lane()
    assert stored.position == 1


def test_the_trigger_and_the_model_agree_on_the_number_of_lanes(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('audit_event_chain'::regproc)")
        (definition,) = cursor.fetchone()
    assert f"pg_backend_pid() % {CHAIN_LANES};" in definition


@pytest.mark.django_db(transaction=True)
def test_a_writer_in_another_lane_does_not_wait_for_an_open_transaction(
    admin_user: User, child: Child
) -> None:
    with transaction.atomic():
        # Holds this lane's lock until the commit, as a slow write would.
        record("child.updated", actor=admin_user, obj=child, child_id=child.pk)
        with other_connection() as other:
            attempts = 0
            while lane_of(other) == this_connections_lane():  # 1 in 64: try another
                other.close()
                other = connection.get_new_connection(connection.get_connection_params())
                other.autocommit = True
                attempts += 1
                assert attempts < 200
            other.execute("SET lock_timeout = '2s'")
            other.execute(INSERT_ON_ITS_OWN, [str(child.pk)])
            other_lane = lane_of(other)
            other.close()
    lanes = sorted(AuditEvent.objects.values_list("lane", "position"))
    assert lanes == sorted([(this_connections_lane(), 1), (other_lane, 1)])
    assert verify_chain().broken is None


@pytest.mark.django_db(transaction=True)
def test_writers_in_one_lane_still_take_turns(admin_user: User, child: Child) -> None:
    with other_connection() as other:
        with transaction.atomic(), connection.cursor() as cursor:
            # This connection holds the other's lane, as a writer there would.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('rodtrad.audit_chain'), %s)",
                [lane_of(other)],
            )
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(INSERT_ON_ITS_OWN, [str(child.pk)])
        other.execute(INSERT_ON_ITS_OWN, [str(child.pk)])
    assert AuditEvent.objects.count() == 1


def test_verify_checks_each_lane_and_names_the_broken_one(
    db: None, admin_user: User, child: Child
) -> None:
    mine = [record("child.read", actor=admin_user, obj=child, child_id=child.pk) for _ in "ab"]
    with connection.cursor() as cursor:
        # Events written in another lane, as another connection would write them.
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_chain")
        cursor.execute(
            "INSERT INTO audit_auditevent (action, object_type, object_id, reason, request_id,"
            " changes, lane, position, previous_hash, hash)"
            " SELECT action, object_type, object_id, reason, request_id, changes,"
            " (lane + 1) %% %s, position, previous_hash, hash FROM audit_auditevent ORDER BY id"
            " RETURNING id",
            [CHAIN_LANES],
        )
        copies = [row[0] for row in cursor.fetchall()]
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_chain")
    # The copies' hashes were made for the first events' ids: the other lane is broken.
    report = verify_chain()
    assert report.broken is not None
    assert report.broken.event_id == copies[0]
    assert report.broken.lane == (this_connections_lane() + 1) % CHAIN_LANES
    assert (report.broken.position, report.broken.problem) == (1, "content")
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in mine]).count() == 2
