from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.cases import mine_saker
from rodtrad.web import home_page, layout
from rodtrad.web import home_rows as rows
from rodtrad.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET): a link cannot log anyone out."""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Mine saker: the employee's cases and what waits for them. A fixed number
    of queries whatever the number of cases (tests/web/test_home.py counts them)."""
    user = request.user
    if not isinstance(user, User):  # login_required made sure; this tells the type checker
        raise PermissionDenied
    today = timezone.localdate()
    found = mine_saker.lists(user, today, record=True)
    lists = {
        "handovers": rows.handover_items(found.handovers),
        "awaiting_decision": rows.decision_items(found.awaiting_decision),
        "overdue": rows.measure_items(found.overdue, overdue=True),
        "due": rows.measure_items(found.due, overdue=False),
        "held": rows.held_table_rows(found.held),
        "others": rows.other_items(found.others),
    }
    body = home_page.body(
        lists,
        policy.seats(user),
        sent_reports=policy.reports_for_reporter(user),
    )
    return layout.page(request, escape(_("My cases")), body)
