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
from django.utils.functional import SimpleLazyObject

_BASE = len(CSRF_ALLOWED_CHARS)
_MASKS = _BASE**CSRF_SECRET_LENGTH
_POSITION = {char: position for position, char in enumerate(CSRF_ALLOWED_CHARS)}


def csrf(request: HttpRequest) -> dict[str, SimpleLazyObject]:
    """Replaces django.template.context_processors.csrf (listed after it, it wins)."""
    return {"csrf_token": SimpleLazyObject(lambda: _token(request))}


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
