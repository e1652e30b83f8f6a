"""Administrators edit the catalogue on the policy-driven admin site. Saving
goes through the same `do_<verb>` functions as the API, so every change is
checked and audited alike."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import ForeignKey
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest

from rodtrad.catalogue.actions import (
    INTERVENTION_FIELDS,
    PROVIDER_FIELDS,
    do_create_intervention,
    do_create_provider,
    do_delete_intervention,
    do_delete_provider,
    do_update_intervention,
    do_update_provider,
)
from rodtrad.catalogue.models import Intervention, Provider
from rodtrad.policy import scope_registers
from rodtrad.web.admin_site import RegisterAdmin, actor, admin_site, scoped_choices


def _changed(form: ModelForm[Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in fields}


@admin.register(Provider, site=admin_site)
class ProviderAdmin(RegisterAdmin[Provider]):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "unit", "phone", "email")
    list_select_related = ("unit",)
    search_fields = ("name",)
    fields = ("municipality", "name", "unit", "description", "phone", "email", "website")

    def save_model(self, request: HttpRequest, obj: Provider, form: Any, change: bool) -> None:
        user = actor(request)
        if change:
            # The form has already written its values into obj; compare with the stored row.
            stored = Provider.objects.get(pk=obj.pk)
            do_update_provider(stored, actor=user, **_changed(form, PROVIDER_FIELDS))  # type: ignore[arg-type]
        else:
            values = {name: form.cleaned_data[name] for name in PROVIDER_FIELDS}
            saved = do_create_provider(user, municipality=obj.municipality, **values)  # type: ignore[arg-type]
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Provider) -> None:
        do_delete_provider(obj, actor=actor(request))  # type: ignore[arg-type]


@admin.register(Intervention, site=admin_site)
class InterventionAdmin(RegisterAdmin[Intervention]):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "level", "access", "provider", "is_public", "status")
    list_filter = ("level", "access", "is_public", "status")
    list_select_related = ("provider",)
    search_fields = ("name", "alternate_name")
    readonly_fields = ("hsds_id",)
    fieldsets = (
        (None, {"fields": ("municipality", "name", "alternate_name", "description", "provider")}),
        (None, {"fields": ("level", "status", "is_public")}),
        (
            None,
            {"fields": ("minimum_age", "maximum_age", "target_group", "audiences", "needs")},
        ),
        (None, {"fields": ("access", "how_to_get", "fees")}),
        (
            None,
            {
                "fields": (
                    "contact_role",
                    "phone",
                    "email",
                    "website",
                    "opening_hours",
                    "languages",
                )
            },
        ),
        (None, {"fields": ("evidence_base", "must_unit_kinds", "should_unit_kinds", "hsds_id")}),
    )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "provider":
            kwargs["queryset"] = scope_registers(actor(request), Provider.objects.all())
        else:
            kwargs.setdefault("queryset", scoped_choices(request, db_field.related_model))
        return super(RegisterAdmin, self).formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Intervention, form: Any, change: bool) -> None:
        user = actor(request)
        if change:
            # The form has already written its values into obj; compare with the stored row.
            stored = Intervention.objects.get(pk=obj.pk)
            do_update_intervention(stored, actor=user, **_changed(form, INTERVENTION_FIELDS))  # type: ignore[arg-type]
        else:
            values = {name: form.cleaned_data[name] for name in INTERVENTION_FIELDS}
            saved = do_create_intervention(user, municipality=obj.municipality, **values)  # type: ignore[arg-type]
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Intervention) -> None:
        do_delete_intervention(obj, actor=actor(request))  # type: ignore[arg-type]
