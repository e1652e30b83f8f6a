"""The administrators' pages: Django's admin, with access decided by rodtrad.policy.

Administrators are not `is_staff` in our model: they hold the administrator
role in a unit, and manage the registers of that unit's municipality. Django's
own permission tables are not used. Everything below only asks the policy
module; out-of-scope rows look like they do not exist (404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import ForeignKey, ManyToManyField, Model, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from rodtrad import policy
from rodtrad.audit.log import record, record_list
from rodtrad.people.models import Child

if TYPE_CHECKING:
    from django.contrib.admin.views.main import ChangeList
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

M = TypeVar("M", bound=Model)
V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def actor(request: HttpRequest) -> User | AnonymousUser:
    return request.user


class RodtradAdminSite(admin.AdminSite):
    site_header = _("Rød tråd – administration")
    site_title = _("Rød tråd")
    index_title = _("Registers")
    # The pages are few; the collapsible sidebar adds keyboard stops, not help.
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        user = actor(request)
        if not user.is_active:
            return False
        return bool(user.is_superuser) or policy.can_manage_registers(user)

    def admin_view(self, view: V, cacheable: bool = False) -> V:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not self.has_permission(request):
                # A logged-in employee without the administrator role gets no
                # admin at all: "not found", not a login form they cannot use.
                if request.user.is_authenticated:
                    raise Http404
                return redirect_to_login(request.get_full_path())
            return inner(request, *args, **kwargs)

        return cast(V, update_wrapper(guarded, view))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Everyone logs in through the one login page; the admin has none of its own."""
        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = index
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise Http404
            return HttpResponseRedirect(next_url)
        return redirect_to_login(next_url)


admin_site = RodtradAdminSite(name="admin")


class RegisterAdmin(admin.ModelAdmin[M], Generic[M]):
    """A register row belongs to one municipality; administrators of that
    municipality see and change it, nobody else sees that it exists."""

    # Path from the model to its municipality, as policy.scope_registers takes it.
    municipality_path = "municipality"
    # Register lists are long; the full count query is not worth its cost.
    show_full_result_count = False
    # Lists of these rows show a child's or a family's data: each page of the
    # list is audited, as one `<model>.listed` event naming its children.
    audit_lists = False

    def municipality_id_of(self, obj: M) -> int | None:
        municipality_id: int | None = getattr(obj, "municipality_id", None)
        return municipality_id

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return policy.scope_registers(
            actor(request), super().get_queryset(request), self.municipality_path
        )

    def children_on(self, page: list[M]) -> Iterable[int | None]:
        """The children a page of the list is about (their access logs show it)."""
        return [
            obj.pk if isinstance(obj, Child) else getattr(obj, "child_id", None) for obj in page
        ]

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        changelist = super().get_changelist_instance(request)
        page = list(changelist.result_list)  # read once; the template reuses it
        if self.audit_lists and page:
            record_list(
                f"{self.model._meta.model_name}.listed",
                actor=actor(request),
                child_ids=self.children_on(page),
                reason=policy.MANAGE_REGISTERS,
                changes={"shown": [obj.pk for obj in page]},
            )
        return changelist

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> M | None:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        self._audit(request, obj, "read")
        return obj

    # Every read and write of personal data through these pages is audited,
    # as through the API. Changes name the fields, never their values.

    def _audit(
        self, request: HttpRequest, obj: M, verb: str, fields: list[str] | None = None
    ) -> None:
        child_id = obj.pk if isinstance(obj, Child) else getattr(obj, "child_id", None)
        record(
            f"{obj._meta.model_name}.{verb}",
            actor=actor(request),
            obj=obj,
            child_id=child_id,
            municipality_id=self.municipality_id_of(obj),
            reason=policy.MANAGE_REGISTERS,
            changes={"fields": fields} if fields else None,
        )

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._audit(request, obj, "updated" if change else "created", list(form.changed_data))

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[M]) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)

    def response_action(self, request: HttpRequest, queryset: QuerySet[M]) -> Any:
        # Django's bulk delete logs the deletions, then deletes, each on its own:
        # in one transaction the deletion and its audit events commit together.
        with transaction.atomic():
            return super().response_action(request, queryset)

    def _may(self, request: HttpRequest, obj: M | None) -> bool:
        if obj is None:
            return policy.can_manage_registers(actor(request))
        municipality_id = self.municipality_id_of(obj)
        if municipality_id is None:  # an unsaved row: its form decides where it goes
            return policy.can_manage_registers(actor(request))
        return policy.can_manage_registers(actor(request), municipality_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_registers(actor(request))

    def has_view_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self._may(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_registers(actor(request))

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self._may(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self._may(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, str | list[str]]:
        initial = super().get_changeform_initial_data(request)
        ids = policy.administered_municipality_ids(actor(request))
        if len(ids) == 1 and "municipality" not in initial:
            initial["municipality"] = str(next(iter(ids)))
        return initial

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        kwargs.setdefault("queryset", scoped_choices(request, db_field.related_model))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        kwargs.setdefault("queryset", scoped_choices(request, db_field.related_model))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegisterInline(admin.StackedInline[M, Any], Generic[M]):
    """Rows shown inside another register's page, scoped the same way.

    Stacked, not tabular: Django's tabular inline leaves its inputs without labels."""

    municipality_path = "municipality"
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return policy.scope_registers(
            actor(request), super().get_queryset(request), self.municipality_path
        )

    def _may(self, request: HttpRequest) -> bool:
        return policy.can_manage_registers(actor(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        kwargs.setdefault("queryset", scoped_choices(request, db_field.related_model))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# How each register model reaches its municipality, for choice lists.
MUNICIPALITY_PATHS: dict[str, str] = {
    "organisation.municipality": "id",
    "organisation.unit": "municipality",
    "people.child": "municipality",
    "people.guardian": "municipality",
    "people.family": "municipality",
    "people.enrolment": "municipality",
    "people.guardianship": "child__municipality",
    "organisation.membership": "unit__municipality",
    "accounts.user": "memberships__unit__municipality",
}


def scoped_choices(request: HttpRequest, model: Any) -> QuerySet[Any]:
    """The rows of `model` an administrator may pick in a form: their own municipalities'."""
    label = model._meta.label_lower
    path = MUNICIPALITY_PATHS.get(label)
    if path is None:
        raise LookupError(f"no municipality path known for {label}")
    queryset = policy.scope_registers(actor(request), model._default_manager.all(), path)
    if "__" in path:
        queryset = queryset.distinct()
    return queryset
