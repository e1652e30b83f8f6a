"""`rodtrad serve`: the production-style web server (granian + whitenoise), and
beside it the background worker (procrastinate) that sends reminders.

Granian handles HTTP in Rust and runs Django in each worker's threads; gunicorn's
threaded worker, measured side by side, spent 0.5 ms more CPU on the trivial view
and about 2 ms more on a page (BENCHMARKS.md). Ctrl+C stops both: the terminal
sends SIGINT to both processes, and when the server has stopped the worker is
told to stop too (SIGTERM, then killed if it has not finished its job within ten
seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from granian.constants import Interfaces
from granian.server import MPServer

from rodtrad.settings import env_bool

WORKER_COMMAND = [sys.executable, "-m", "rodtrad.cli", "procrastinate", "worker"]
# Each worker calls it: Django's WSGI application, frozen after its warm-up.
APPLICATION = "rodtrad.core.serving:load"


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


def server(
    host: str, port: int, workers: int, threads: int, *, access_log: bool = False
) -> MPServer:
    # Worker processes: this CPython has a GIL (granian.Granian is MPServer then).
    return MPServer(
        APPLICATION,
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        # Off unless asked for: a line per request ties an address to a relay log's
        # path outside the audit log's rules, and cost ~5 % of a worker's CPU
        # (BENCHMARKS.md). A reverse proxy in front usually keeps its own.
        log_access=access_log,
        workers_kill_timeout=5,
    )


class Command(BaseCommand):
    help = (
        "Start the web server with granian (three workers of two threads by default) and the "
        "background worker for reminders (procrastinate) beside it; Ctrl+C stops both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "2")),
            help="Threads per worker that run Django (granian's blocking threads).",
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            default=env_bool("WEB_ACCESS_LOG", False),
            help="Write a line per request (method, path, status, time) to standard output.",
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
        access_log: bool = False,
        no_background_worker: bool = False,
        **options: Any,
    ) -> None:
        self.stdout.write(f"Rød tråd kjører på http://{host}:{port}/  (Ctrl+C stopper)")
        self.stdout.flush()
        worker = None if no_background_worker else start_worker()
        parent = os.getpid()
        try:
            server(host, port, workers, threads, access_log=access_log).serve()
        finally:
            # Forked web workers leave through here too; only the parent stops it.
            if worker is not None and os.getpid() == parent:
                stop_worker(worker)
