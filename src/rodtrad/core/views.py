"""Operations endpoints: no login, no personal data, no database."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: a liveness probe, and the benchmark's trivial view (the
    ceiling a page is measured against). It touches neither the database nor the
    session, so it stays up while the database is down: readiness is another question."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
