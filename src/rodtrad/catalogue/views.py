"""The public catalogue pages: no login, no personal data, fast on a phone.

Citizens see public, active entries. A logged-in employee sees the internal
entries of the municipalities their units serve as well (marked as such);
rodtrad.catalogue.access decides, these views only parse and render.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_stubs_ext import StrOrPromise

from rodtrad.catalogue import access, listing
from rodtrad.catalogue.access import visible_interventions
from rodtrad.catalogue.models import Access, Intervention, InterventionQuerySet, Level, Need
from rodtrad.organisation.models import Municipality

# Age groups offered as quick choices (the ages of kindergarten, school stages, youth).
AGE_GROUPS: list[tuple[int, int, StrOrPromise]] = [
    (0, 0, _("Under 1 year")),
    (1, 2, _("1–2 years")),
    (3, 5, _("3–5 years (kindergarten)")),
    (6, 9, _("6–9 years")),
    (10, 12, _("10–12 years")),
    (13, 15, _("13–15 years (lower secondary)")),
    (16, 19, _("16–19 years (upper secondary)")),
    (20, 24, _("20–24 years")),
]
AGE_PATTERN = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")
MAX_QUERY_LENGTH = 100


def public_municipality(number: str) -> Municipality:
    """Municipalities are public reference data; an unknown number is a 404."""
    municipality = Municipality.objects.filter(number=number).first()
    if municipality is None:
        raise Http404
    return municipality


def parse_ages(value: str) -> tuple[int, int] | None:
    """An age ("4") or a range ("3-5") as (youngest, oldest); anything else is no filter."""
    match = AGE_PATTERN.match(value.strip())
    if not match:
        return None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    return (low, high) if low <= high else None


@dataclass(frozen=True)
class Filters:
    text: str = ""
    ages: tuple[int, int] | None = None
    need: str = ""
    levels: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        text = " ".join(query.get("q", "").split())[:MAX_QUERY_LENGTH]
        need = query.get("behov", "")
        levels = tuple(v for v in query.getlist("niva") if v in Level.values)
        return cls(
            text=text,
            ages=parse_ages(query.get("alder", "")),
            need=need if need in Need.values else "",
            levels=tuple(dict.fromkeys(levels)),
        )

    @property
    def active(self) -> bool:
        return bool(self.text or self.ages or self.need or self.levels)

    @property
    def age_value(self) -> str:
        if self.ages is None:
            return ""
        low, high = self.ages
        return str(low) if low == high else f"{low}-{high}"

    def apply(self, queryset: InterventionQuerySet) -> InterventionQuerySet:
        if self.ages is not None:
            queryset = queryset.for_ages(*self.ages)
        if self.need:
            queryset = queryset.filter(needs__contains=[self.need])
        if self.levels:
            queryset = queryset.filter(level__in=self.levels)
        if self.text:
            return queryset.search(self.text)
        return queryset

    def query_string(self) -> str:
        params: list[tuple[str, str]] = []
        if self.text:
            params.append(("q", self.text))
        if self.age_value:
            params.append(("alder", self.age_value))
        if self.need:
            params.append(("behov", self.need))
        params += [("niva", level) for level in self.levels]
        return urlencode(params)


LEVEL_ORDER = {Level.GREEN: 0, Level.YELLOW: 1, Level.RED: 2}


def _age_choices(filters: Filters) -> list[dict[str, object]]:
    choices: list[dict[str, object]] = [
        {"value": f"{low}-{high}", "label": label, "low": low, "high": high}
        for low, high, label in AGE_GROUPS
    ]
    value = filters.age_value
    if value and value not in {c["value"] for c in choices}:
        # A single age from a link ("alder=4") stays selectable as itself.
        label = _("%(age)s years") % {"age": value.replace("-", "–")}
        choices.insert(0, {"value": value, "label": label})
    return choices


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Choose a municipality, or go straight to the only one with a catalogue."""
    with_catalogue = Municipality.objects.filter(
        pk__in=visible_interventions(request.user).values("municipality_id")
    ).order_by("name")
    municipalities = list(with_catalogue)
    if len(municipalities) == 1:
        return redirect("catalogue:search", number=municipalities[0].number)
    return render(request, "catalogue/start.html", {"municipalities": municipalities})


@require_GET
def search(request: HttpRequest, number: str) -> HttpResponse:
    found = listing.municipality_and_stamp(number)
    if found is None:
        raise Http404
    municipality, stamp = found
    filters = Filters.from_query(request.GET)
    viewer = access.viewer(request.user, municipality.pk)

    def render_body() -> str:
        entries = filters.apply(
            visible_interventions(request.user).filter(municipality=municipality)
        ).select_related("provider")
        results: list[Intervention] = list(entries)
        if not filters.text:
            results.sort(key=lambda i: (LEVEL_ORDER[Level(i.level)], i.name.casefold()))
        # No request: nothing of this user may end up in a body others are shown.
        return render_to_string(
            "catalogue/_search_body.html",
            {
                "municipality": municipality,
                "filters": filters,
                "results": results,
                "age_choices": _age_choices(filters),
                "age_groups": AGE_GROUPS,
                "needs": Need.choices,
                "levels": Level.choices,
                "citizen_page": "catalogue",
            },
        )

    query = filters.query_string()
    key = None if filters.text else listing.body_key(municipality, stamp, viewer, query)
    return render(
        request,
        "catalogue/search.html",
        {"municipality": municipality, "body": listing.cached_body(key, render_body)},
    )


@require_GET
def detail(request: HttpRequest, number: str, hsds_id: uuid.UUID) -> HttpResponse:
    municipality = public_municipality(number)
    intervention = (
        visible_interventions(request.user)
        .filter(municipality=municipality, hsds_id=hsds_id)
        .select_related("provider")
        .first()
    )
    if intervention is None:
        raise Http404
    back = request.GET.get("fra", "")
    return render(
        request,
        "catalogue/detail.html",
        {
            "municipality": municipality,
            "intervention": intervention,
            "access_labels": dict(Access.choices),
            # Only our own query strings are echoed back into the "back" link.
            "back_query": Filters.from_query(QueryDict(back)).query_string() if back else "",
            "citizen_page": "catalogue",
        },
    )
