from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rodtrad.organisation.models import Membership
from rodtrad.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET): a link cannot log anyone out."""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Cases come with the case issue; until then the page shows where one works.
    user = request.user
    if not user.is_authenticated:  # login_required made sure; this tells the type checker
        raise PermissionDenied
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("unit", "unit__municipality")
        .order_by("unit__name")
    )
    return render(request, "web/home.html", {"memberships": memberships})
