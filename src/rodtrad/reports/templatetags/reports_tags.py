"""Template helpers for the report pages; rodtrad.policy answers every access question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django_stubs_ext import StrOrPromise

from rodtrad.policy.reports import can_report
from rodtrad.policy.reports import is_child_welfare as _is_child_welfare
from rodtrad.reports.models import Deadline

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from rodtrad.accounts.models import User

register = template.Library()

DEADLINE_LABELS = dict(Deadline.choices)


@register.filter
def uses_reports(user: User | AnonymousUser) -> bool:
    """May report (an employee outside child welfare) or receives reports."""
    return can_report(user) or _is_child_welfare(user)


@register.filter
def is_child_welfare(user: User | AnonymousUser) -> bool:
    return _is_child_welfare(user)


@register.filter
def deadline_label(kind: str) -> StrOrPromise:
    return DEADLINE_LABELS.get(kind, kind)
