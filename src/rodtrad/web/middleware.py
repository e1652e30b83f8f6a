"""Pages speak Norwegian unless the user chose otherwise."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NorwegianUnlessChosenMiddleware:
    """Many Norwegians run browsers in English; a municipal service still answers
    in bokmål. Pages ignore the browser's Accept-Language, so LocaleMiddleware
    uses the language the user picked (the cookie) or bokmål. The API keeps
    Accept-Language, which is how scripts ask for English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
