"""The employee's own notifications, and marking them read. A notification
carries no personal data: the page behind its link decides what is shown."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from rodtrad.accounts.models import User
from rodtrad.notifications.actions import do_mark_read, notifications_for


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required made sure; this tells the type checker
        raise Http404
    return user


@login_required
@require_http_methods(["GET"])
def notification_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    paginator = Paginator(notifications_for(actor), settings.RODTRAD["PAGE_SIZE"])
    page = paginator.get_page(request.GET.get("side"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "has_unread": notifications_for(actor).filter(read_at__isnull=True).exists(),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    actor = _actor(request)
    notification = notifications_for(actor).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    do_mark_read(actor, notification.pk)
    if getattr(request, "htmx", False):
        notification.refresh_from_db()
        return render(request, "notifications/_item.html", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_read(_actor(request))
    return redirect("notifications:list")
