"""The child's access log page: who opened or changed the child's data, what,
when (Europe/Oslo) and why. Reading it is itself logged."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rodtrad import policy
from rodtrad.audit.access_log import describe_events, read_access_log


@login_required
@require_http_methods(["GET"])
def access_log(request: HttpRequest, child_id: int) -> HttpResponse:
    try:
        child, events = read_access_log(child_id, actor=request.user)
    except policy.NotFound:
        raise Http404 from None
    paginator = Paginator(events, settings.RODTRAD["PAGE_SIZE"])
    page = paginator.get_page(request.GET.get("side"))
    return render(
        request,
        "audit/access_log.html",
        {
            "child": child,
            "page": page,
            "lines": describe_events(list(page.object_list)),
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )
