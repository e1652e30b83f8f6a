"""A kept database connection is checked before each request without a round trip,
and one the server has ended is replaced before a page uses it."""

from __future__ import annotations

import io
import select
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from rodtrad.accounts.models import User
from tests.conftest import logged_in_client


@pytest.fixture
def second_connection(db: None) -> Iterator[BaseDatabaseWrapper]:
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _end_from_the_server(wrapper: BaseDatabaseWrapper) -> int:
    """pg_terminate_backend, as a restart or an idle timeout would, from another
    connection; returns the ended backend's pid once its socket has the news."""
    pid = wrapper.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    poller = select.poll()
    poller.register(wrapper.connection.fileno(), select.POLLIN)
    assert poller.poll(5_000), "the server did not end the connection"
    return int(pid)


def test_a_healthy_connection_is_checked_without_a_statement(
    second_connection: BaseDatabaseWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_statements(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the health check sent a statement")

    with monkeypatch.context() as patched:
        patched.setattr(psycopg.Connection, "cursor", no_statements)
        patched.setattr(psycopg.Connection, "execute", no_statements)
        assert second_connection.is_usable()


def test_a_connection_the_server_ended_is_not_usable(
    second_connection: BaseDatabaseWrapper,
) -> None:
    _end_from_the_server(second_connection)
    assert not second_connection.is_usable()


def test_a_closed_connection_is_not_usable(second_connection: BaseDatabaseWrapper) -> None:
    second_connection.connection.close()
    assert not second_connection.is_usable()


def test_a_connection_in_a_failed_transaction_is_asked_and_not_usable(
    second_connection: BaseDatabaseWrapper,
) -> None:
    raw = second_connection.connection
    raw.autocommit = False
    with pytest.raises(psycopg.errors.DivisionByZero):
        raw.execute("SELECT 1/0")
    assert not second_connection.is_usable()
    raw.rollback()
    raw.autocommit = True
    assert second_connection.is_usable()


def test_the_next_use_gets_a_new_connection(second_connection: BaseDatabaseWrapper) -> None:
    ended = _end_from_the_server(second_connection)
    # private: django-stubs leaves out the connection's health check state
    second_connection.health_check_done = False  # type: ignore[attr-defined]
    second_connection.close_if_health_check_failed()
    with second_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    assert pid != ended


def _get_as_served(path: str, cookies: str) -> str:
    """A request through the WSGI application as the web server makes it (Django's
    test client skips the check of kept connections at the start of a request)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookies,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    statuses: list[str] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None, /
    ) -> Callable[[bytes], object]:
        statuses.append(status)
        return io.BytesIO().write  # the write() of the WSGI spec; Django never calls it

    body = WSGIHandler()(environ, start_response)
    b"".join(body)
    body.close()
    return statuses[0]


@pytest.mark.django_db(transaction=True)
def test_a_page_after_the_server_ended_the_connection_answers(employee: User) -> None:
    client: Client = logged_in_client(employee)
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    assert _get_as_served("/", cookies) == "200 OK"
    ended = _end_from_the_server(connection)
    assert _get_as_served("/", cookies) == "200 OK"
    assert connection.connection.info.backend_pid != ended
