"""Timestamps come back from the database as the same instants, in UTC, whichever
loader reads them: psycopg's compiled one for connections in UTC (Django's own,
written in Python, cost twenty times as much a value), Django's for any other zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import adapters
from psycopg.pq import Format

from rodtrad.audit.log import record
from rodtrad.audit.models import AuditEvent

TIMESTAMPTZ = adapters.types["timestamptz"].oid
# 12:34:56.789012 in Oslo in winter (UTC+1).
WRITTEN = "2026-01-15 12:34:56.789012+01"
INSTANT = datetime.datetime(2026, 1, 15, 11, 34, 56, 789012, tzinfo=datetime.UTC)


def _connection_with(**settings: Any) -> BaseDatabaseWrapper:
    """A new connection, not registered, with these settings changed."""
    return type(connections["default"])({**connection.settings_dict, **settings}, alias="default")


def _read(wrapper: BaseDatabaseWrapper) -> datetime.datetime:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [WRITTEN])
        value: datetime.datetime = cursor.fetchone()[0]
    return value


@pytest.mark.django_db
def test_a_timestamp_is_read_as_the_same_instant_in_utc() -> None:
    value = _read(connection)
    assert value == INSTANT
    assert value.tzinfo is datetime.UTC
    assert value.microsecond == 789012


@pytest.mark.django_db
def test_connections_in_utc_read_with_psycopgs_own_loader() -> None:
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert loader is adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


@pytest.mark.django_db
def test_a_saved_event_reads_back_its_time_in_utc() -> None:
    event = record("case.read", actor=None, reason="test")
    read = AuditEvent.objects.get(pk=event.pk)
    assert read.occurred_at == event.occurred_at
    assert read.occurred_at.tzinfo is datetime.UTC


@pytest.mark.parametrize("server_side_binding", [True, False])
def test_a_named_cursor_reads_timestamps_in_utc(db: None, server_side_binding: bool) -> None:
    """QuerySet.iterator() reads through a named (server-side) cursor."""
    options = {**connection.settings_dict["OPTIONS"], "server_side_binding": server_side_binding}
    wrapper = _connection_with(OPTIONS=options)
    try:
        with wrapper.chunked_cursor() as cursor:
            cursor.execute("SELECT %s::timestamptz", [WRITTEN])
            value = cursor.fetchone()[0]
    finally:
        wrapper.close()
    assert value == INSTANT
    assert value.tzinfo is datetime.UTC


@pytest.fixture
def oslo_connection(db: None) -> Iterator[BaseDatabaseWrapper]:
    """A connection whose database time zone is Oslo (DATABASES' TIME_ZONE)."""
    wrapper = _connection_with(TIME_ZONE="Europe/Oslo")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_a_connection_in_another_zone_keeps_djangos_loader(
    oslo_connection: BaseDatabaseWrapper,
) -> None:
    value = _read(oslo_connection)
    assert value == INSTANT
    assert value.tzinfo == ZoneInfo("Europe/Oslo")
    assert value.hour == 12
