"""The logged-in employee of a request, for views behind login_required, and
the request type that knows about htmx."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from rodtrad.accounts.models import User


def employee(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required keeps anonymous visitors out
        raise PermissionError("login required")
    return user


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails
