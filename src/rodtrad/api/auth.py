"""Bearer tokens: `Authorization: Bearer rt_…`, issued by `rodtrad apitoken USERNAME`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from rodtrad.accounts.models import ApiToken, User


class ApiTokenAuth(HttpBearer):
    """Only the token's hash is stored; a revoked token or a deactivated
    employee authenticates nobody."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        user = ApiToken.user_for(token)
        if user is not None:
            # Logging and auditing read request.user, as on the pages.
            request.user = user
        return user


def actor_of(request: HttpRequest) -> User:
    """The authenticated employee behind this request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError()
    return user
