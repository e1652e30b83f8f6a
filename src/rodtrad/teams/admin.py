"""Administrators configure their municipality's kinds of team and its teams
on the policy-driven admin site (every read and change audited, field names
only). The relay log of an ansvarsgruppe is not chosen here: administrators
do not see relay logs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from rodtrad import policy
from rodtrad.teams.models import Team, TeamKind, TeamMembership
from rodtrad.web.admin_site import RegisterAdmin, RegisterInline, actor, admin_site


def _kinds(request: HttpRequest) -> QuerySet[TeamKind]:
    return policy.scope_registers(actor(request), TeamKind.objects.all())


@admin.register(TeamKind, site=admin_site)
class TeamKindAdmin(RegisterAdmin[TeamKind]):
    list_display = ("name", "code", "level", "allows_anonymous", "requires_tried_measures")
    list_filter = ("level",)
    search_fields = ("name", "code")
    fields = (
        "municipality",
        "name",
        "code",
        "level",
        "description",
        "allows_anonymous",
        "requires_tried_measures",
    )


class MembershipInline(RegisterInline[TeamMembership]):
    model = TeamMembership
    municipality_path = "team__municipality"
    fields = ("user", "unit", "role")


@admin.register(Team, site=admin_site)
class TeamAdmin(RegisterAdmin[Team]):
    list_display = ("name", "kind", "level", "leader", "rhythm", "active")
    list_filter = ("level", "active", "rhythm")
    list_select_related = ("kind", "leader")
    search_fields = ("name",)
    fields = (
        "municipality",
        "name",
        "kind",
        "level",
        "purpose",
        "leader",
        "employees_may_refer",
        "citizens_may_refer",
        "requires_tried_measures",
        "allows_anonymous",
        "rhythm",
        "age_from",
        "age_to",
        "active",
    )
    inlines = (MembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        # An ansvarsgruppe belongs to a relay log: administered where the relay log is.
        return super().get_queryset(request).filter(case__isnull=True)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "kind":
            # The register admin's scoping knows the shared registers only.
            kwargs["queryset"] = _kinds(request)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
