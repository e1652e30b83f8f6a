"""`rodtrad serve`: the production-style web server (gunicorn + whitenoise)."""

from __future__ import annotations

import os
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


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


class Command(BaseCommand):
    help = "Start the web server with gunicorn (two workers by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        self.stdout.write(f"Rød tråd kjører på http://{host}:{port}/  (Ctrl+C stopper)")
        GunicornApplication(
            get_wsgi_application(),
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                # Access lines carry paths only; identity numbers never appear in URLs.
                "accesslog": "-",
                "graceful_timeout": 5,
            },
        ).run()
