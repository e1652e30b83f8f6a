"""`rodtrad serve`: gunicorn takes our settings and hooks, and the long-lived objects
are moved out of the garbage collector's sight once per worker, after its warm-up."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from django.core.wsgi import get_wsgi_application

from rodtrad.core.management.commands import serve


def test_gunicorn_accepts_the_hooks() -> None:
    # Gunicorn validates each hook's number of arguments when the setting is made.
    app = serve.GunicornApplication(
        get_wsgi_application(),
        {"bind": "127.0.0.1:0", "when_ready": serve.when_ready, "post_request": serve.post_request},
    )
    assert app.cfg.post_request is not None
    assert app.cfg.when_ready is not None


def test_a_worker_freezes_once_after_its_warm_up() -> None:
    worker = SimpleNamespace()
    try:
        before = gc.get_freeze_count()
        for _ in range(serve.FREEZE_AFTER_REQUESTS - 1):
            serve.post_request(worker, None, {}, None)
        assert gc.get_freeze_count() == before
        serve.post_request(worker, None, {}, None)
        frozen = gc.get_freeze_count()
        assert frozen > before
        for _ in range(10):
            serve.post_request(worker, None, {}, None)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_threads_switch_to_the_threaded_worker_with_keep_alive() -> None:
    app = serve.GunicornApplication(get_wsgi_application(), {"workers": 2, "threads": 4})
    assert app.cfg.worker_class_str == "gthread"
    single = serve.GunicornApplication(get_wsgi_application(), {"workers": 2, "threads": 1})
    assert single.cfg.worker_class_str == "sync"
