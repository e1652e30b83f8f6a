"""Public pages without login: the action guide, how to ask for help, and the
accessibility and privacy statements. Guide text is authored guidance and
holds no personal data."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rodtrad.catalogue.access import visible_interventions
from rodtrad.catalogue.models import Access
from rodtrad.catalogue.views import public_municipality
from rodtrad.guide.markdown import render_inline, render_markdown
from rodtrad.guide.models import LEVEL_LEADS, LEVEL_SUMMARIES, GuideLevel, GuidePage, PageKind


def _pages(municipality_id: int) -> list[GuidePage]:
    return list(
        GuidePage.objects.filter(municipality_id=municipality_id, current__isnull=False)
        .select_related("current")
        .order_by("kind", "level", "position", "slug")
    )


@require_GET
def index(request: HttpRequest, number: str) -> HttpResponse:
    municipality = public_municipality(number)
    pages = _pages(municipality.pk)
    steps: dict[int, list[GuidePage]] = defaultdict(list)
    for page in pages:
        if page.kind == PageKind.STEP and page.level is not None:
            steps[page.level].append(page)
    levels = [
        {
            "number": level.value,
            "label": level.label,
            "summary": LEVEL_SUMMARIES[level],
            "lead": LEVEL_LEADS[level],
            "steps": steps.get(level.value, []),
        }
        for level in GuideLevel
    ]
    return render(
        request,
        "guide/index.html",
        {
            "municipality": municipality,
            "levels": levels,
            "routines": [p for p in pages if p.kind == PageKind.ROUTINE],
            "tools": [p for p in pages if p.kind == PageKind.TOOL],
            "citizen_page": "guide",
        },
    )


@require_GET
def page(request: HttpRequest, number: str, slug: str) -> HttpResponse:
    municipality = public_municipality(number)
    found = (
        GuidePage.objects.filter(municipality=municipality, slug=slug, current__isnull=False)
        .select_related("current")
        .first()
    )
    if found is None or found.current is None:
        raise Http404
    version = found.current
    previous = following = None
    if found.kind == PageKind.STEP:
        siblings = [
            p for p in _pages(municipality.pk) if p.kind == PageKind.STEP and p.level == found.level
        ]
        position = next(i for i, p in enumerate(siblings) if p.pk == found.pk)
        previous = siblings[position - 1] if position > 0 else None
        following = siblings[position + 1] if position + 1 < len(siblings) else None
    return render(
        request,
        "guide/page.html",
        {
            "municipality": municipality,
            "page": found,
            "version": version,
            "level_label": GuideLevel(found.level).label if found.level is not None else "",
            "body": render_markdown(version.body),
            "checklist": [render_inline(item) for item in version.checklist_items()],
            "previous": previous,
            "following": following,
            "citizen_page": "help" if found.kind == PageKind.HELP else "guide",
        },
    )


@require_GET
def ask_for_help(request: HttpRequest, number: str) -> HttpResponse:
    municipality = public_municipality(number)
    own = (
        GuidePage.objects.filter(
            municipality=municipality, kind=PageKind.HELP, current__isnull=False
        )
        .select_related("current")
        .order_by("position", "slug")
        .first()
    )
    direct = (
        visible_interventions(request.user)
        .filter(municipality=municipality, access=Access.OPEN)
        .exclude(phone="", email="")
        .select_related("provider")
        .order_by("name")
    )
    return render(
        request,
        "guide/ask_for_help.html",
        {
            "municipality": municipality,
            "own": render_markdown(own.current.body) if own and own.current else "",
            "direct": direct,
            "citizen_page": "help",
        },
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/privacy.html")
