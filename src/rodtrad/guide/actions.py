"""Writing the action guide, and reading its steps for the case pages.

A change to a page's text never overwrites it: `do_revise_guide_page` adds a
new version row and points the page at it, in one transaction with the
audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.safestring import SafeString

from rodtrad import policy
from rodtrad.audit.log import record
from rodtrad.guide.markdown import render_inline, render_markdown
from rodtrad.guide.models import GuidePage, GuideVersion, PageKind
from rodtrad.organisation.actions import audit_changes, clean_or_raise
from rodtrad.organisation.models import Municipality

if TYPE_CHECKING:
    from rodtrad.accounts.models import User

TEXT_FIELDS = ("title", "summary", "body", "checklist")
PAGE_FIELDS = ("kind", "level", "position", "slug")


def require_manage_guide(actor: User | None, municipality_id: int) -> None:
    # actor None: the demo loader and migrations, which act as the system.
    if actor is not None and not policy.can_manage_registers(actor, municipality_id):
        raise policy.NotFound(Municipality)


def do_create_guide_page(
    actor: User | None,
    *,
    municipality: Municipality,
    kind: str,
    slug: str,
    title: str,
    level: int | None = None,
    position: int = 0,
    summary: str = "",
    body: str = "",
    checklist: str = "",
    note: str = "",
) -> GuidePage:
    with transaction.atomic():
        require_manage_guide(actor, municipality.pk)
        page = GuidePage(
            municipality=municipality, kind=kind, level=level, position=position, slug=slug
        )
        clean_or_raise(page)
        version = GuideVersion(
            number=1, title=title, summary=summary, body=body, checklist=checklist, note=note
        )
        clean_or_raise(version, exclude=["page"])
        page.save()
        version.page = page
        version.created_by = actor
        version.save()
        page.current = version
        page.save(update_fields=["current"])
        record(
            "guide.page_created",
            actor=actor,
            obj=page,
            municipality_id=municipality.pk,
            changes=audit_changes({}, {"slug": slug, "title": title, "version": 1}),
        )
    return page


def do_revise_guide_page(
    page: GuidePage, *, actor: User | None, note: str = "", **changes: Any
) -> GuidePage:
    """Change a page: its text (title, summary, body, checklist) as a new
    version, its place (kind, level, position, slug) on the page itself.
    Nothing changed, nothing saved."""
    unknown = set(changes) - {*TEXT_FIELDS, *PAGE_FIELDS}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        require_manage_guide(actor, page.municipality_id)
        page = (
            GuidePage.objects.select_for_update(of=("self",))
            .select_related("current")
            .get(pk=page.pk)
        )
        current = page.current
        text_before = {name: getattr(current, name) if current else "" for name in TEXT_FIELDS}
        text_after = {**text_before, **{k: v for k, v in changes.items() if k in TEXT_FIELDS}}
        place_changes = {k: v for k, v in changes.items() if k in PAGE_FIELDS}
        place_before = {name: getattr(page, name) for name in place_changes}
        for name, value in place_changes.items():
            setattr(page, name, value)
        clean_or_raise(page)
        diff = audit_changes(text_before, text_after)
        place_diff = audit_changes(place_before, place_changes)
        if not diff and not place_diff:
            return page
        if place_diff:
            page.save(update_fields=list(place_changes))
        if diff:
            number = (page.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = GuideVersion(page=page, number=number, note=note, **text_after)
            version.created_by = actor
            clean_or_raise(version)
            version.save()
            page.current = version
            page.save(update_fields=["current"])
            diff["version"] = [number - 1, number]
        record(
            "guide.page_revised",
            actor=actor,
            obj=page,
            municipality_id=page.municipality_id,
            changes={**diff, **place_diff},
        )
    return page


def do_delete_guide_page(page: GuidePage, *, actor: User) -> None:
    with transaction.atomic():
        require_manage_guide(actor, page.municipality_id)
        record(
            "guide.page_deleted",
            actor=actor,
            obj=page,
            municipality_id=page.municipality_id,
            changes={"slug": [page.slug, None]},
        )
        page.delete()


# Reading


@dataclass(frozen=True)
class GuideStep:
    """A step of a level, ready to show next to a case."""

    title: str
    summary: str
    html: SafeString
    checklist: list[SafeString]
    url: str
    slug: str
    position: int


def guide_steps_for(municipality: Municipality | int, level: int) -> list[GuideStep]:
    """The steps of `level` (0–3) in the municipality's action guide, in order.
    The case pages show these for a case's current level. Guide text is public
    and holds no personal data, so no access check is needed."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    pages = (
        GuidePage.objects.filter(
            municipality_id=municipality_id,
            kind=PageKind.STEP,
            level=level,
            current__isnull=False,
        )
        .select_related("current", "municipality")
        .order_by("position", "slug")
    )
    steps = []
    for page in pages:
        version = page.current
        assert version is not None  # noqa: S101 - filtered above; tells the type checker
        steps.append(
            GuideStep(
                title=version.title,
                summary=version.summary,
                html=render_markdown(version.body),
                checklist=[render_inline(item) for item in version.checklist_items()],
                url=reverse("guide:page", args=[page.municipality.number, page.slug]),
                slug=page.slug,
                position=page.position,
            )
        )
    return steps
