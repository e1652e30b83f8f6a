"""Administrators' pages for units (and, for the operator, municipalities)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest

from rodtrad.organisation.models import Municipality, Unit
from rodtrad.web.admin_site import RegisterAdmin, actor, admin_site


@admin.register(Municipality, site=admin_site)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    """Tenants are set up by the operator (a superuser), not by their administrators."""

    list_display = ("name", "number")
    search_fields = ("name", "number")

    def _is_operator(self, request: HttpRequest) -> bool:
        user = actor(request)
        return bool(user.is_active and user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_operator(request)

    def has_view_permission(self, request: HttpRequest, obj: Municipality | None = None) -> bool:
        return self._is_operator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_operator(request)

    def has_change_permission(self, request: HttpRequest, obj: Municipality | None = None) -> bool:
        return self._is_operator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Municipality | None = None) -> bool:
        return self._is_operator(request)


@admin.register(Unit, site=admin_site)
class UnitAdmin(RegisterAdmin[Unit]):
    list_display = ("name", "kind", "municipality", "parent")
    list_filter = ("kind",)
    list_select_related = ("municipality", "parent")
    search_fields = ("name",)
    fields = ("municipality", "name", "kind", "parent", "serves", "confidentiality_law")

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "serves":
            # An intermunicipal unit serves its neighbours too; the list of
            # municipalities is public knowledge, not register data.
            kwargs["queryset"] = Municipality.objects.all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)
