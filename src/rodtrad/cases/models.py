"""The stafettlogg (relay log): one child's help, with one baton holder.

This module holds the case itself and the units taking part, which the
access policy needs; the timeline, action plans and handovers build on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child


class Level(models.IntegerChoices):
    WONDER = 0, _("Level 0: wondering and concern")
    OWN_SERVICE = 1, _("Level 1: measures in own service")
    SIMPLE_COLLABORATION = 2, _("Level 2: simple interdisciplinary collaboration")
    BROAD_COLLABORATION = 3, _("Level 3: broad interdisciplinary collaboration")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name=_("municipality")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.WONDER
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_cases",
        verbose_name=_("baton holder"),
    )
    holder_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_cases",
        verbose_name=_("baton holder's unit"),
    )
    units: models.ManyToManyField[Unit, CaseUnit] = models.ManyToManyField(
        Unit, through="CaseUnit", related_name="cases", verbose_name=_("participating units")
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Optimistic locking: a save names the version it read.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("relay log")
        verbose_name_plural = _("relay logs")
        ordering = ["-opened_at"]
        constraints = [
            # The baton is never dropped: an open case always has a holder.
            models.CheckConstraint(
                condition=Q(status="closed")
                | (Q(holder__isnull=False) & Q(holder_unit__isnull=False)),
                name="open_case_has_baton_holder",
                violation_error_message=_("An open relay log must have a baton holder."),
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "status"]),
            models.Index(fields=["child", "status"]),
        ]

    def __str__(self) -> str:
        return f"{_('Relay log')} {self.pk}"


class CaseUnit(models.Model):
    """A unit taking part in a case (the holder's unit is always one)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="case_units")
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        constraints = [models.UniqueConstraint(fields=["case", "unit"], name="unit_once_per_case")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.case})"
