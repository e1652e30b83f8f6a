"""Administrators' pages for employees and the units they work in.

An employee belongs to the municipalities of their units. An administrator
sees the employees of the municipalities they administer, and changes only
those who work nowhere else: otherwise the administrator of one municipality
could take over an account that another municipality relies on. Nobody but
the operator changes a superuser. Django's staff, superuser, group and
permission flags are not shown: access comes from memberships (see policy)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rodtrad import policy
from rodtrad.accounts.models import User
from rodtrad.organisation.models import Membership
from rodtrad.web.admin_site import RegisterAdmin, RegisterInline, actor, admin_site

MESSAGE_NO_UNITS = _("An employee must belong to at least one unit.")


class MembershipFormSet(BaseInlineFormSet[Membership, User, Any]):
    def clean(self) -> None:
        super().clean()
        # A new employee must work somewhere the administrator manages, or
        # they would vanish from the administrator's view the moment they are saved.
        if self.instance.pk is None and not any(
            form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms
        ):
            raise ValidationError(MESSAGE_NO_UNITS)


class MembershipInline(RegisterInline[Membership]):
    model = Membership
    formset = MembershipFormSet
    municipality_path = "unit__municipality"
    fields = ("unit", "role")

    def get_min_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return 1 if obj is None else 0


@admin.register(User, site=admin_site)
class EmployeeAdmin(RegisterAdmin[User], DjangoUserAdmin[User]):
    municipality_path = "memberships__unit__municipality"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "first_name", "last_name", "units", "is_active")
    list_filter = ("is_active",)
    search_fields = ("username", "first_name", "last_name")
    filter_horizontal = ()
    inlines = (MembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        scoped_memberships = policy.scope_registers(
            actor(request),
            Membership.objects.select_related("unit").order_by("unit__name"),
            "unit__municipality",
        )
        # Not RegisterAdmin's get_queryset: an employee has no municipality of
        # their own, only memberships; the policy has its own scope for them.
        return policy.scope_employees(
            actor(request), DjangoUserAdmin.get_queryset(self, request)
        ).prefetch_related(
            Prefetch("memberships", scoped_memberships, to_attr="scoped_memberships")
        )

    @admin.display(description=_("units"))
    def units(self, obj: User) -> str:
        memberships: list[Membership] = getattr(obj, "scoped_memberships", [])
        return ", ".join(str(m.unit) for m in memberships)

    def has_view_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # Any employee returned by get_queryset is one the actor may see.
        return policy.can_manage_registers(actor(request))

    def _may(self, request: HttpRequest, obj: User | None) -> bool:
        if obj is None or obj.pk is None:
            return policy.can_manage_registers(actor(request))
        if obj.is_superuser and not actor(request).is_superuser:
            return False
        return policy.can_manage_account(actor(request), obj)
