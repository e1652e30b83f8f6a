"""The WSGI application as `rodtrad serve` runs it: Django's, with Python's cyclic
garbage collector kept away from the objects that live as long as the process.

The collector walks every container object it tracks; with Django loaded that is
hundreds of thousands, about 1.5 ms a request. Modules, settings, URL patterns,
compiled templates and translations are moved out of its sight: once when a
worker loads the application, and once more after a warm-up, when the templates
and catalogues that load on first use are in memory.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

FREEZE_AFTER_REQUESTS = 200

StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def freeze_long_lived_objects() -> None:
    gc.collect()
    gc.freeze()


class FrozenAfterWarmUp:
    """A WSGI application that freezes the long-lived objects after its warm-up."""

    def __init__(self, application: WSGIApplication, after: int = FREEZE_AFTER_REQUESTS) -> None:
        self.application = application
        self.after = after
        self.served = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.served < self.after:
            with self._lock:
                self.served += 1
                if self.served == self.after:
                    freeze_long_lived_objects()
        return self.application(environ, start_response)


def load() -> FrozenAfterWarmUp:
    application = get_wsgi_application()
    freeze_long_lived_objects()
    return FrozenAfterWarmUp(application)
