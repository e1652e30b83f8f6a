"""Administrators' pages for children, guardians, families and enrolments.

Identity numbers are shown masked in lists and never searched for: a search
term would travel in the URL, and URLs end up in logs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import ENROLLING_UNIT_KINDS
from rodtrad.people.identity import mask
from rodtrad.people.models import Child, Enrolment, Family, Guardian, Guardianship
from rodtrad.web.admin_site import RegisterAdmin, RegisterInline, admin_site, scoped_choices


class GuardianshipOfChildInline(RegisterInline[Guardianship]):
    model = Guardianship
    municipality_path = "child__municipality"
    fields = ("guardian", "relation", "parental_responsibility", "lives_with_child")


class GuardianshipOfGuardianInline(RegisterInline[Guardianship]):
    model = Guardianship
    municipality_path = "child__municipality"
    fields = ("child", "relation", "parental_responsibility", "lives_with_child")


@admin.register(Child, site=admin_site)
class ChildAdmin(RegisterAdmin[Child]):
    # An empty birth date is read from the identity number (Child.clean).
    fields = ("municipality", "identity_number", "given_name", "family_name", "birth_date")
    list_display = ("family_name", "given_name", "masked_identity_number", "birth_date")
    list_display_links = ("family_name", "given_name")
    list_select_related = ("municipality",)
    search_fields = ("family_name", "given_name")
    inlines = (GuardianshipOfChildInline,)
    audit_lists = True

    @admin.display(description=_("identity number"))
    def masked_identity_number(self, obj: Child) -> str:
        return obj.masked_identity_number


@admin.register(Guardian, site=admin_site)
class GuardianAdmin(RegisterAdmin[Guardian]):
    list_display = ("family_name", "given_name", "masked_identity_number", "phone")
    list_display_links = ("family_name", "given_name")
    search_fields = ("family_name", "given_name")
    fields = (
        "municipality",
        "identity_number",
        "given_name",
        "family_name",
        "phone",
        "email",
        "address",
    )
    inlines = (GuardianshipOfGuardianInline,)
    audit_lists = True

    def children_on(self, page: list[Guardian]) -> Iterable[int | None]:
        return Guardianship.objects.filter(guardian__in=page).values_list("child_id", flat=True)

    @admin.display(description=_("identity number"))
    def masked_identity_number(self, obj: Guardian) -> str:
        return mask(obj.identity_number) if obj.identity_number else "–"


@admin.register(Family, site=admin_site)
class FamilyAdmin(RegisterAdmin[Family]):
    list_display = ("name",)
    search_fields = ("name",)
    fields = ("municipality", "name", "children", "adults")
    audit_lists = True

    def children_on(self, page: list[Family]) -> Iterable[int | None]:
        members = Family.children.through.objects.filter(family__in=page)
        return members.values_list("child_id", flat=True)


@admin.register(Enrolment, site=admin_site)
class EnrolmentAdmin(RegisterAdmin[Enrolment]):
    list_display = ("child", "unit", "starts_on", "ends_on")
    list_select_related = ("child", "unit")
    search_fields = ("child__family_name", "child__given_name", "unit__name")
    # The municipality is the child's; Enrolment.clean sets it.
    fields = ("child", "unit", "starts_on", "ends_on")
    audit_lists = True

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "unit":
            kwargs["queryset"] = scoped_choices(request, db_field.related_model).filter(
                kind__in=ENROLLING_UNIT_KINDS
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Enrolment, form: Any, change: bool) -> None:
        # Follows the child if an administrator moves the enrolment to another child.
        obj.municipality_id = obj.child.municipality_id
        super().save_model(request, obj, form, change)
