"""Employees' pages for finding a child and seeing what they may see of it."""

from __future__ import annotations

from html import escape  # what Django's escape calls, without its lazy-text checks

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from rodtrad import policy
from rodtrad.audit.log import record
from rodtrad.core.dates import day_month_year_formatter
from rodtrad.core.links import link_pattern
from rodtrad.people.models import Child, Enrolment
from rodtrad.people.search import MINIMUM_NAME_LENGTH, search_children
from rodtrad.web.auth import HtmxHttpRequest, employee


@login_required
@require_http_methods(["GET", "POST"])
def search(request: HtmxHttpRequest) -> HttpResponse:
    # POST, so an identity number never travels in a URL or an access log.
    query = request.POST.get("q", "") if request.method == "POST" else ""
    results = search_children(employee(request), query) if query else None
    context = {
        "query": query,
        "results": results,
        "result_items": _result_items(results or []),
        "minimum": MINIMUM_NAME_LENGTH,
    }
    template = "people/_search_results.html" if request.htmx else "people/search.html"
    return render(request, template, context)


def _result_items(children: list[Child]) -> SafeString:
    """The results' list items (every value escaped), made here: the template's
    loop cost ~0.1 ms a child, most of it the date filter; the link pattern, the
    texts and the months' names are looked up once for the list."""
    born = gettext("born")
    child_url = link_pattern("people:child").format
    birth_day = day_month_year_formatter()
    return mark_safe(  # noqa: S308 - every value is escaped here
        "\n".join(
            f'<li><a class="ds-link" href="{escape(child_url(child.pk))}">'
            f"{escape(child.given_name)} {escape(child.family_name)}</a>, "
            f"{escape(born)} {escape(birth_day(child.birth_date))} "
            f"({escape(child.municipality.name)})</li>"
            for child in children
        )
    )


@login_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = employee(request)
    try:
        child = policy.get_child_basic_for(actor, child_id)
    except policy.NotFound:
        raise Http404 from None
    record(
        "child.read_basic",
        actor=actor,
        obj=child,
        child_id=child.pk,
        municipality_id=child.municipality_id,
        reason="basic_identity",
    )
    today = timezone.localdate()
    enrolments = (
        Enrolment.objects.filter(child=child, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("unit")
    )
    cases = policy.visible_cases(actor).filter(child=child).select_related("holder", "holder_unit")
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "age": child.age_on(today),
            "enrolments": enrolments,
            "cases": cases,
            "may_register_consent": policy.can_register_consent(actor, child),
            "may_view_access_log": policy.can_view_access_log(actor, child),
        },
    )
