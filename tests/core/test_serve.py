"""`rodtrad serve`: granian with our settings, and the long-lived objects moved out
of the garbage collector's sight when a worker loads the application and once
more after its warm-up."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

import pytest
from granian.constants import Interfaces

from rodtrad.core import serving
from rodtrad.core.management.commands import serve


def answer(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    start_response("200 OK", [])
    return [b"ok"]


def test_the_server_runs_django_in_threads_of_each_worker() -> None:
    server = serve.server("127.0.0.1", 8123, workers=2, threads=4)

    assert server.interface == Interfaces.WSGI
    assert (server.bind_addr, server.bind_port) == ("127.0.0.1", 8123)
    assert server.workers == 2
    assert server.blocking_threads == 4
    assert server.target == "rodtrad.core.serving:load"
    assert server.factory is True


def test_the_access_log_is_off_unless_asked_for() -> None:
    """A line per request would tie addresses to relay logs outside the audit log."""
    assert serve.server("127.0.0.1", 8123, workers=1, threads=1).log_access is False
    assert serve.server("127.0.0.1", 8123, workers=1, threads=1, access_log=True).log_access is True


def test_the_command_takes_the_access_log_from_its_option_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parser = serve.Command().create_parser("rodtrad", "serve")
    assert parser.parse_args([]).access_log is False
    assert parser.parse_args(["--access-log"]).access_log is True
    monkeypatch.setenv("WEB_ACCESS_LOG", "true")
    assert serve.Command().create_parser("rodtrad", "serve").parse_args([]).access_log is True


def test_loading_the_application_freezes_and_gives_a_wsgi_application() -> None:
    try:
        before = gc.get_freeze_count()
        application = serving.load()
        assert gc.get_freeze_count() > before
        assert isinstance(application, serving.FrozenAfterWarmUp)
    finally:
        gc.unfreeze()


def test_a_worker_freezes_once_after_its_warm_up_and_answers_every_request() -> None:
    application = serving.FrozenAfterWarmUp(answer, after=50)
    try:
        before = gc.get_freeze_count()
        for _ in range(49):
            assert list(application({}, lambda *a: None)) == [b"ok"]
        assert gc.get_freeze_count() == before
        application({}, lambda *a: None)
        frozen = gc.get_freeze_count()
        assert frozen > before
        for _ in range(10):
            application({}, lambda *a: None)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
