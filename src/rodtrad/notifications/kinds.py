"""Titles by kind, shown in the reader's language (the stored title is the
language of the request that created it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

TITLES: dict[str, StrOrPromise] = {
    "access.emergency_granted": _("Emergency access was used in your unit"),
}
