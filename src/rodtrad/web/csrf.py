"""The page's csrf token, as Django's csrf context processor gives it, with its
mask drawn from the system's random source once instead of once a character.

Django masks the cookie's secret anew for every page, so that a compressed page
does not give the secret away (BREACH), with get_random_string, which asks the
operating system for each of the mask's 32 characters: ~60 µs a page. This mask
is the same: 32 characters drawn uniformly from the same 62, here the digits of
one number below 62**32. Django's middleware checks the tokens as before.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_BASE = len(CSRF_ALLOWED_CHARS)
_MASKS = _BASE**CSRF_SECRET_LENGTH
_POSITION = {char: position for position, char in enumerate(CSRF_ALLOWED_CHARS)}


def csrf(request: HttpRequest) -> dict[str, Token]:
    """Replaces django.template.context_processors.csrf (listed after it, it wins)."""
    return {"csrf_token": Token(request)}


class Token:
    """The page's token, made when the page first shows it: a page without one must
    not send the cookie. Django's processor wraps it in a SimpleLazyObject, through
    which each of the layout's three uses cost ~15 µs (a missing attribute is an
    exception there); the templates need only its text, its truth and ==."""

    __slots__ = ("_request", "_text")

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = _token(self._request)
        return self._text

    # Letters and digits only: {{ csrf_token }} and {% csrf_token %} take it as it is.
    __html__ = __str__

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))


def _token(request: HttpRequest) -> str:
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:  # no cookie yet: Django makes the secret and sends its cookie
        return get_token(request)
    # As get_token(): the cookie is sent again, which renews its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return masked(secret)


def masked(secret: str) -> str:
    """The token for `secret`: a random mask and the secret shifted by it, as Django's."""
    number = secrets.randbelow(_MASKS)
    mask = []
    cipher = []
    for char in secret:
        number, shift = divmod(number, _BASE)
        mask.append(CSRF_ALLOWED_CHARS[shift])
        cipher.append(CSRF_ALLOWED_CHARS[(_POSITION[char] + shift) % _BASE])
    return "".join(mask) + "".join(cipher)
