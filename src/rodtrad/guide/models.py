"""The action guide (handlingsveileder): each municipality's pages for the BTI
levels and their steps, its routines and tools, and what citizens read about
asking for help.

Administrators write the pages in Markdown. Every change is a new
`GuideVersion` row; earlier versions are kept, never changed, so the guide's
history can be read back ("what did the routine say in March?").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.organisation.models import Municipality


class GuideLevel(models.IntegerChoices):
    """The levels of a case (stafettlogg), as the BTI action guides number them."""

    CONCERN = 0, _("Level 0: Wondering and concern")
    OWN_SERVICE = 1, _("Level 1: Action in your own service")
    SIMPLE = 2, _("Level 2: Simple interdisciplinary collaboration")
    BROAD = 3, _("Level 3: Broad interdisciplinary collaboration")


LEVEL_SUMMARIES: dict[int, StrOrPromise] = {
    GuideLevel.CONCERN: _(
        "An employee wonders or worries about a child. Make the worry concrete, share it "
        "with your leader, the child and the parents, and clarify what to do."
    ),
    GuideLevel.OWN_SERVICE: _(
        "Your own service acts: define the problem, agree goals and measures with the child "
        "and the parents, act, evaluate with the child's view, and decide what comes next."
    ),
    GuideLevel.SIMPLE: _(
        "One or two other services join, with consent. Meet together; one baton holder "
        "holds the thread."
    ),
    GuideLevel.BROAD: _(
        "Several services work together over time, with a coordinator, an individual plan "
        "and a responsibility group."
    ),
}

LEVEL_LEADS: dict[int, StrOrPromise] = {
    GuideLevel.CONCERN: _("The employee who is concerned"),
    GuideLevel.OWN_SERVICE: _("The unit, through the baton holder"),
    GuideLevel.SIMPLE: _("The baton holder"),
    GuideLevel.BROAD: _("The coordinator"),
}


class PageKind(models.TextChoices):
    STEP = "step", _("Step in a level")
    ROUTINE = "routine", _("Routine")
    TOOL = "tool", _("Tool")
    HELP = "help", _("How to ask for help (for citizens)")


class GuidePage(models.Model):
    """One page of the guide. Its text lives in its versions; `current` is the newest."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="guide_pages",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PageKind.choices)
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=GuideLevel.choices,
        null=True,
        blank=True,
        help_text=_("Steps belong to a level; other pages do not."),
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    slug = models.SlugField(
        _("address"),
        max_length=80,
        help_text=_("The last part of the page's web address, e.g. “make-it-concrete”."),
    )
    current = models.ForeignKey(
        "GuideVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("current version"),
    )

    class Meta:
        verbose_name = _("action guide page")
        verbose_name_plural = _("action guide pages")
        ordering = ["kind", "level", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="guide_slug_unique"),
            models.CheckConstraint(
                condition=Q(kind=PageKind.STEP, level__isnull=False)
                | (~Q(kind=PageKind.STEP) & Q(level__isnull=True)),
                name="guide_steps_have_a_level",
                violation_error_message=_("A step belongs to a level; other pages do not."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind", "level", "position"])]

    def __str__(self) -> str:
        return self.current.title if self.current_id and self.current else self.slug

    @property
    def title(self) -> str:
        return self.current.title if self.current else self.slug


class GuideVersion(models.Model):
    """One version of a page's text, kept as it was written."""

    page = models.ForeignKey(
        GuidePage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("page")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence, shown in lists and next to a case."),
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    checklist = models.TextField(
        _("checklist"),
        blank=True,
        help_text=_("One item per line. Markdown links are allowed."),
    )
    note = models.CharField(
        _("what changed"), max_length=200, blank=True, help_text=_("Shown in the history.")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="guide_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def checklist_items(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.checklist.splitlines() if line.strip(" -*\t")]
