"""What would tell who a child is, and a check that a text does not say it.

An anonymous discussion shows the team no name, identity number, birth date,
address or school. The pages never print them for an anonymous item; this
module also keeps the employees' own words from naming the child by mistake,
and the tests scan minutes with the same list.
"""

from __future__ import annotations

import re

from django.utils import timezone

from rodtrad.people.models import Child


def identity_terms(child: Child) -> list[str]:
    """Strings that identify the child: names, number, birth date in the ways
    Norwegians write it, the guardians' names and addresses, current schools
    and kindergartens."""
    terms = [child.given_name, child.family_name, child.full_name]
    if child.identity_number:
        terms += [child.identity_number, child.identity_number[:6]]
    born = child.birth_date
    if born:
        terms += [
            born.strftime("%d.%m.%Y"),
            f"{born.day}.{born.month}.{born.year}",
            born.isoformat(),
            born.strftime("%d.%m.%y"),
        ]
    for guardian in child.guardians.all():
        terms.append(str(guardian))
        if guardian.address:
            terms.append(guardian.address)
        if guardian.identity_number:
            terms.append(guardian.identity_number)
    today = timezone.localdate()
    for enrolment in child.enrolments.select_related("unit").filter(starts_on__lte=today):
        if enrolment.ends_on is None or enrolment.ends_on >= today:
            terms.append(enrolment.unit.name)
    return [term for term in dict.fromkeys(t.strip() for t in terms) if len(term) >= 2]


def found_terms(text: str, terms: list[str]) -> list[str]:
    """The terms that occur in the text as whole words, ignoring case."""
    found = []
    for term in terms:
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(term)
    return found
