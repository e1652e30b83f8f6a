"""The catalogue page's body (filters and entries) is the same for everyone who
sees the same entries, so it is rendered once and kept in Django's cache.

The key holds what the body depends on: the municipality, the kind of viewer
(which alone decides the visible entries, see access.Viewer), the language, the
filters, and a stamp read from the database on every request (how many entries
the municipality has and when an entry or a provider of them last changed). A
save or delete in any worker process therefore shows at once in all of them;
nothing is invalidated by hand. Free-text searches are not kept (endless keys).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from rodtrad.catalogue.access import Viewer
from rodtrad.organisation.models import Municipality

# The stamp makes entries stale at once; the timeout only bounds memory and a
# template changed by a deploy when the cache outlives the processes.
TIMEOUT_SECONDS = 600

_MUNICIPALITY_SQL = """
SELECT m.id, m.number, m.name, s.entries, s.entry_changed, s.provider_changed
FROM organisation_municipality m
CROSS JOIN LATERAL (
    SELECT count(*), max(i.updated_at), max(p.updated_at)
    FROM catalogue_intervention i JOIN catalogue_provider p ON p.id = i.provider_id
    WHERE i.municipality_id = m.id
) AS s (entries, entry_changed, provider_changed)
WHERE m.number = %s
"""


def municipality_and_stamp(number: str) -> tuple[Municipality, str] | None:
    """The municipality (its id, number and name only) and its catalogue's stamp,
    in one query; None for an unknown number."""
    with connection.cursor() as cursor:
        cursor.execute(_MUNICIPALITY_SQL, [number])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, number, name, *stamp = row
    municipality = Municipality.from_db(
        connection.alias, ["id", "number", "name"], [pk, number, name]
    )
    return municipality, "|".join(str(value) for value in stamp)


def body_key(municipality: Municipality, stamp: str, viewer: Viewer, filters: str) -> str:
    parts = (str(municipality.pk), municipality.number, municipality.name, stamp, viewer)
    text = "\n".join((*parts, get_language() or "", filters))
    return "catalogue:body:" + hashlib.sha256(text.encode()).hexdigest()


def cached_body(key: str | None, render: Callable[[], str]) -> SafeString:
    """The body under key, rendered (and kept) when missing; key None: not kept."""
    body: str | None = cache.get(key) if key else None
    if body is None:
        body = render()
        if key:
            cache.set(key, body, TIMEOUT_SECONDS)
    return mark_safe(body)  # noqa: S308 (our own rendered template)
