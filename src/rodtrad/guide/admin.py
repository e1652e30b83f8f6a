"""Administrators write the action guide on the admin site. The page form
carries the text fields of a version; saving adds a new version through
`do_revise_guide_page`, and the earlier versions are listed, read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rodtrad.guide.actions import (
    PAGE_FIELDS,
    TEXT_FIELDS,
    do_create_guide_page,
    do_delete_guide_page,
    do_revise_guide_page,
)
from rodtrad.guide.models import GuidePage, GuideVersion
from rodtrad.web.admin_site import RegisterAdmin, RegisterInline, actor, admin_site


class GuidePageForm(forms.ModelForm[GuidePage]):
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("summary"),
        max_length=300,
        required=False,
        help_text=GuideVersion._meta.get_field("summary").help_text,
    )
    body = forms.CharField(
        label=_("text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: # Heading, **bold**, - list, [link text](https://…)."),
    )
    checklist = forms.CharField(
        label=_("checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=GuideVersion._meta.get_field("checklist").help_text,
    )
    note = forms.CharField(
        label=_("what changed"),
        max_length=200,
        required=False,
        help_text=GuideVersion._meta.get_field("note").help_text,
    )

    class Meta:
        model = GuidePage
        fields = ("municipality", "kind", "level", "position", "slug")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.current if self.instance.pk else None
        if current is not None:
            for name in TEXT_FIELDS:
                self.fields[name].initial = getattr(current, name)


class VersionInline(RegisterInline[GuideVersion]):
    """The page's history: every version as it was saved."""

    model = GuideVersion
    municipality_path = "page__municipality"
    fields = ("number", "created_at", "created_by", "note", "title", "summary", "body", "checklist")
    readonly_fields = fields
    verbose_name_plural = _("history")
    classes = ("collapse",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GuidePage, site=admin_site)
class GuidePageAdmin(RegisterAdmin[GuidePage]):
    form = GuidePageForm
    list_display = ("__str__", "kind", "level", "position", "slug")
    list_filter = ("kind", "level")
    list_select_related = ("current",)
    search_fields = ("slug", "current__title")
    fields = (
        "municipality",
        "kind",
        "level",
        "position",
        "slug",
        "title",
        "summary",
        "body",
        "checklist",
        "note",
    )
    inlines = (VersionInline,)

    def save_model(self, request: HttpRequest, obj: GuidePage, form: Any, change: bool) -> None:
        user = actor(request)
        data = form.cleaned_data
        if change:
            stored = GuidePage.objects.get(pk=obj.pk)
            changes = {name: data[name] for name in (*TEXT_FIELDS, *PAGE_FIELDS)}
            do_revise_guide_page(stored, actor=user, note=data["note"], **changes)  # type: ignore[arg-type]
        else:
            saved = do_create_guide_page(
                user,  # type: ignore[arg-type]
                municipality=data["municipality"],
                note=data["note"],
                **{name: data[name] for name in (*TEXT_FIELDS, *PAGE_FIELDS)},
            )
            obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The history is read-only: nothing to save besides the page itself."""
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: GuidePage) -> None:
        do_delete_guide_page(obj, actor=actor(request))  # type: ignore[arg-type]
