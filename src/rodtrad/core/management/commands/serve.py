"""`rodtrad serve`: the production-style web server (gunicorn + whitenoise), and
beside it the background worker (procrastinate) that sends reminders.

Ctrl+C stops both: the terminal sends SIGINT to both processes, and when
gunicorn has stopped the worker is told to stop too (SIGTERM, then killed
if it has not finished its job within ten seconds).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication

WORKER_COMMAND = [sys.executable, "-m", "rodtrad.cli", "procrastinate", "worker"]


class GunicornApplication(BaseApplication):  # type: ignore[misc]
    def __init__(self, application: WSGIHandler, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return self.application


# Python's cyclic garbage collector walks every container object it tracks; with
# Django loaded that is hundreds of thousands, about 1.5 ms a request. Objects that
# live as long as the process (modules, settings, URL patterns, compiled templates,
# translations) are moved out of its sight: once in the master before the workers
# are forked, and once more in each worker after a warm-up, when the templates and
# catalogues that load on first use are in memory.
FREEZE_AFTER_REQUESTS = 200


def freeze_long_lived_objects() -> None:
    gc.collect()
    gc.freeze()


# Gunicorn checks its hooks' number of arguments.
def when_ready(server: Any) -> None:
    freeze_long_lived_objects()


def post_request(worker: Any, request: Any, environ: Any, response: Any) -> None:
    served = getattr(worker, "rodtrad_requests", 0) + 1
    worker.rodtrad_requests = served
    if served == FREEZE_AFTER_REQUESTS:
        freeze_long_lived_objects()


def start_worker() -> subprocess.Popen[bytes]:
    """The procrastinate worker, with the same environment (DATABASE_URL included)."""
    return subprocess.Popen(WORKER_COMMAND, env=os.environ.copy())  # noqa: S603


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = 10) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = (
        "Start the web server with gunicorn (two workers of six threads by default) and the "
        "background worker for reminders (procrastinate) beside it; Ctrl+C stops both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "6")),
            help="Threads per worker (gunicorn's gthread worker, with keep-alive) when above 1.",
        )
        parser.add_argument(
            "--no-background-worker",
            action="store_true",
            help="Do not start the background worker (`rodtrad procrastinate worker`).",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        workers: int,
        threads: int = 1,
        no_background_worker: bool = False,
        **options: Any,
    ) -> None:
        self.stdout.write(f"Rød tråd kjører på http://{host}:{port}/  (Ctrl+C stopper)")
        worker = None if no_background_worker else start_worker()
        parent = os.getpid()
        try:
            GunicornApplication(
                get_wsgi_application(),
                {
                    "bind": f"{host}:{port}",
                    "workers": workers,
                    "threads": threads,
                    # Access lines carry paths only; identity numbers never appear in URLs.
                    "accesslog": "-",
                    "graceful_timeout": 5,
                    "when_ready": when_ready,
                    "post_request": post_request,
                },
            ).run()
        finally:
            # Gunicorn's forked web workers leave through here too; only the parent stops it.
            if worker is not None and os.getpid() == parent:
                stop_worker(worker)
