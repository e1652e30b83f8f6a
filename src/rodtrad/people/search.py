"""Finding a child: by name, or by identity number (never sent in a URL)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from rodtrad.accounts.models import User
from rodtrad.audit.log import event_parameters, list_event_sql, record_list
from rodtrad.audit.models import LISTED_CHILDREN
from rodtrad.organisation.models import Municipality
from rodtrad.people.identity import compact
from rodtrad.people.models import Child
from rodtrad.policy.cases import visible_children_sql

RESULT_LIMIT = 25
MINIMUM_NAME_LENGTH = 2

# What the results show of a child, in the model's field order (Child.from_db).
_FIELDS = [
    field
    for field in Child._meta.concrete_fields
    if field.attname in {"id", "municipality_id", "given_name", "family_name", "birth_date"}
]
_NAMES = [field.attname for field in _FIELDS]
_FOUND = (
    f"SELECT {', '.join(f'found.{field.column}' for field in _FIELDS)},"  # noqa: S608
    " place.name AS municipality_name FROM people_child found"
    " JOIN organisation_municipality place ON place.id = found.municipality_id"
)
# The texts join constants only; input goes in parameters (hence S608). The
# policy's SQL goes in at `{visible}` (exactly its visible children, one column:
# child_id) and `{candidates}` (a superset, cheap to list), its parameters with
# the search's own (named, so each is sent once).
# Whether the policy lets the actor see a child: the correlated subquery brings
# the child's id into each part of the policy's union, so it is asked about that
# child alone, not made to list every child the actor may see.
_ALLOWED = "(SELECT true FROM ({{visible}}) v WHERE v.child_id = {child}.id LIMIT 1)"
# By number: one child at most, found by its number, then the policy.
_BY_NUMBER = (
    f"{_FOUND} WHERE found.identity_number = %(number)s AND {_ALLOWED.format(child='found')}"
)
# By name: the candidates whose names contain every word, in order, then the
# policy about each in turn until the page is full (OFFSET 0 keeps the policy out
# of the inner query, which would ask about every match first). Not all children
# whose names match: this is Django's icontains (UPPER … LIKE UPPER …), which
# cannot use the trigram indexes. ANY(ARRAY(…)): the children read by their key,
# whatever number of candidates the plan reckons with (it is made once for every
# actor). A word is in the given or the family name exactly when it is in both
# joined by a space, as it holds no space; so the words come as one array, and
# the text is the same for any number of them.
_BY_NAME = (
    f"SELECT {', '.join([*_NAMES, 'municipality_name'])} FROM ({_FOUND}"  # noqa: S608
    " WHERE found.id = ANY(ARRAY({candidates}))"
    " AND UPPER(found.given_name || ' ' || found.family_name)"
    " LIKE ALL (ARRAY(SELECT UPPER(word) FROM unnest(%(words)s::text[]) word))"
    " ORDER BY found.family_name, found.given_name, found.id OFFSET 0) named"
    f" WHERE {_ALLOWED.format(child='named')}"
    " ORDER BY family_name, given_name, id LIMIT %(page)s"
)


# The search and its audit event in one statement (one round trip and one
# transaction less a search): which children were shown, as
# audit.log.record_list writes it, and the kind of query, never the query.
_EVENT = list_event_sql(
    "child.searched",
    "search",
    f"""jsonb_build_object('query_kind', %(query_kind)s::text,
        '{LISTED_CHILDREN}', (SELECT coalesce(jsonb_agg(id ORDER BY id), '[]') FROM result))""",  # noqa: S608
)


def _recorded(search: str) -> str:
    return (
        f"WITH result AS ({search}), event AS ({_EVENT})"  # noqa: S608 - constants only
        " SELECT * FROM result ORDER BY family_name, given_name, id"
    )


_BY_NUMBER_RECORDED = _recorded(_BY_NUMBER)
_BY_NAME_RECORDED = _recorded(_BY_NAME)


def is_identity_number(query: str) -> bool:
    digits = compact(query)
    return len(digits) == 11 and digits.isdigit()


def search_children(actor: User, query: str) -> list[Child]:
    """Children the actor may see whose identity number is the query, or whose
    names contain every word of it, with their municipality, in one statement
    that also writes the search's audit event (which children were shown; never
    the query, which may be an identity number)."""
    query = query.strip()
    params: dict[str, Any]
    if is_identity_number(query):
        kind = "identity_number"
        sql, params = _BY_NUMBER_RECORDED, {"number": compact(query)}
    elif len(query) >= MINIMUM_NAME_LENGTH:
        kind = "name"
        words = [f"%{connection.ops.prep_for_like_query(word)}%" for word in query.split()]
        sql, params = _BY_NAME_RECORDED, {"words": words, "page": RESULT_LIMIT}
    else:
        return []
    policy = visible_children_sql(actor)
    if policy is None:  # an actor who sees no child: nothing to ask, still a search
        record_list(
            "child.searched",
            actor=actor,
            child_ids=[],
            reason="search",
            changes={"query_kind": kind},
        )
        return []
    params |= {"query_kind": kind} | event_parameters(actor)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(visible=policy.visible, candidates=policy.candidates),
            policy.params | params,
        )
        rows = cursor.fetchall()
    found = []
    for *row, municipality_name in rows:
        child = Child.from_db(connection.alias, _NAMES, row)
        child.municipality = Municipality.from_db(
            connection.alias, ["id", "name"], [child.municipality_id, municipality_name]
        )
        found.append(child)
    return found
