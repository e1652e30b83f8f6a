"""Finding a child: by name, or by identity number (never sent in a URL)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.people.identity import compact
from rodtrad.people.models import Child

RESULT_LIMIT = 25
MINIMUM_NAME_LENGTH = 2


def is_identity_number(query: str) -> bool:
    digits = compact(query)
    return len(digits) == 11 and digits.isdigit()


def search_children(actor: User, query: str) -> list[Child]:
    """Children the actor may see whose identity number is the query, or whose
    names contain every word of it. The search itself is audited (which
    children were shown; never the query, which may be an identity number)."""
    query = query.strip()
    children: QuerySet[Child] = policy.visible_children(actor)
    if is_identity_number(query):
        kind = "identity_number"
        children = children.filter(identity_number=compact(query))
    elif len(query) >= MINIMUM_NAME_LENGTH:
        kind = "name"
        for word in query.split():
            children = children.filter(
                Q(given_name__icontains=word) | Q(family_name__icontains=word)
            )
    else:
        return []
    found = list(
        children.select_related("municipality").order_by("family_name", "given_name", "pk")[
            :RESULT_LIMIT
        ]
    )
    record(
        "child.searched",
        actor=actor,
        reason="search",
        changes={"query_kind": kind, "shown": [child.pk for child in found]},
    )
    return found
