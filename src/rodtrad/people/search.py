"""Finding a child: by name, or by identity number (never sent in a URL)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.audit.log import record
from rodtrad.organisation.models import Municipality
from rodtrad.people.identity import compact
from rodtrad.people.models import Child

RESULT_LIMIT = 25
MINIMUM_NAME_LENGTH = 2

# What the results show of a child, in the model's field order (Child.from_db).
_FIELDS = [
    field
    for field in Child._meta.concrete_fields
    if field.attname in {"id", "municipality_id", "given_name", "family_name", "birth_date"}
]
_NAMES = [field.attname for field in _FIELDS]
# Like Django's icontains (UPPER … LIKE UPPER …), which the trigram indexes cannot
# serve: so PostgreSQL starts from the actor's few visible children, the fast plan.
_WORD = "(UPPER(c.given_name::text) LIKE UPPER(%s) OR UPPER(c.family_name::text) LIKE UPPER(%s))"


def is_identity_number(query: str) -> bool:
    digits = compact(query)
    return len(digits) == 11 and digits.isdigit()


def search_children(actor: User, query: str) -> list[Child]:
    """Children the actor may see whose identity number is the query, or whose
    names contain every word of it. The search itself is audited (which
    children were shown; never the query, which may be an identity number)."""
    query = query.strip()
    conditions: list[str] = []
    params: list[Any] = []
    if is_identity_number(query):
        kind = "identity_number"
        found = _find(actor, ["c.identity_number = %s"], [compact(query)], by_number=True)
    elif len(query) >= MINIMUM_NAME_LENGTH:
        kind = "name"
        for word in query.split():
            pattern = f"%{connection.ops.prep_for_like_query(word)}%"
            conditions.append(_WORD)
            params += [pattern, pattern]
        found = _find(actor, conditions, params)
    else:
        return []
    record(
        "child.searched",
        actor=actor,
        reason="search",
        changes={"query_kind": kind, "shown": [child.pk for child in found]},
    )
    return found


def _find(
    actor: User, conditions: list[str], params: list[Any], *, by_number: bool = False
) -> list[Child]:
    """The first matching visible children with their municipality, in one plain
    query around the policy's (building it with the ORM cost more than running it)."""
    try:
        # Without the model's ordering: a set to test against, not a list to sort.
        visible, visible_params = (
            policy.visible_children(actor).order_by().values("id").query.sql_with_params()
        )
    except EmptyResultSet:  # the policy's none(): nobody to find
        return []
    # The text joins constants and the policy's compiled SQL; input goes in params.
    matching = " AND ".join(conditions)
    if by_number:
        # One child at most, found by its number; the policy is asked about that
        # child alone (a correlated subquery brings its id into each part of the
        # policy's union), not made to list every child the actor may see.
        policy_allows = f"(SELECT true FROM ({visible}) v WHERE v.id = c.id LIMIT 1)"  # noqa: S608
        where = f"{matching} AND {policy_allows}"
        values = [*params, *visible_params]
    else:
        # A name: start from the actor's visible children (few, for most) rather
        # than from every child in the country whose name contains the words.
        where = f"c.id IN ({visible}) AND {matching}"
        values = [*visible_params, *params]
    columns = ", ".join(f"c.{field.column}" for field in _FIELDS)
    sql = (
        f"SELECT {columns}, m.name FROM people_child c"  # noqa: S608
        " JOIN organisation_municipality m ON m.id = c.municipality_id"
        f" WHERE {where}"
        " ORDER BY c.family_name, c.given_name, c.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, RESULT_LIMIT])
        rows = cursor.fetchall()
    found = []
    for *row, municipality_name in rows:
        child = Child.from_db(connection.alias, _NAMES, row)
        child.municipality = Municipality.from_db(
            connection.alias, ["id", "name"], [child.municipality_id, municipality_name]
        )
        found.append(child)
    return found
