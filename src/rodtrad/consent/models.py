"""Samtykke: what the family allowed, to whom, for what, and until when.

A consent is given to services (units or kinds of unit), never to a named
employee. It is never edited: a withdrawal stamps it, a change is a new
consent, a refusal is recorded like a consent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.people.models import Child, Guardian


class Purpose(models.TextChoices):
    COLLABORATION = "collaboration", _("Collaboration in a relay log")
    TEAM_DISCUSSION = "team_discussion", _("Discussion in an interdisciplinary team")
    TRANSITION = "transition", _("Handover at a transition")


class InformationCategory(models.TextChoices):
    OBSERVATIONS_AND_PLANS = "observations_plans", _("Observations and plans")
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("School and kindergarten")
    FAMILY_SITUATION = "family_situation", _("Family situation")


class Method(models.TextChoices):
    DIGITAL = "digital", _("Digitally by the family")
    PAPER = "paper", _("On paper, scanned in")
    ORAL = "oral", _("Orally, documented by the employee")


class Decision(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self, on: datetime.date | None = None) -> ConsentQuerySet:
        """Given by everyone who must give it, not withdrawn, within its period."""
        day = on or timezone.localdate()
        return self.filter(
            decision=Decision.GIVEN,
            complete=True,
            withdrawn_at__isnull=True,
            valid_from__lte=day,
            valid_to__gte=day,
        )


class Consent(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="consents", verbose_name=_("child")
    )
    # Optional: a consent for collaboration in one relay log; empty means every
    # relay log of the child for the purpose.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("relay log"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="consents", verbose_name=_("units")
    )
    unit_kinds = ArrayField(
        models.CharField(max_length=32, choices=UnitKind.choices),
        blank=True,
        default=list,
        verbose_name=_("kinds of unit"),
    )
    categories = ArrayField(
        models.CharField(max_length=20, choices=InformationCategory.choices),
        verbose_name=_("information that may be shared"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    method = models.CharField(_("how it was given"), max_length=8, choices=Method.choices)
    documented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="documented_consents",
        verbose_name=_("documented by"),
    )
    # Everyone who had to give it did (both guardians with parental
    # responsibility, or the youth from the municipality's consent age).
    complete = models.BooleanField(_("complete"), default=False)
    youth_view = models.TextField(_("the youth's own view"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_withdrawals",
        verbose_name=_("withdrawal recorded by"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="consent_valid_to_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["child", "purpose", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_decision_display()})"

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return (
            self.decision == Decision.GIVEN
            and self.complete
            and self.withdrawn_at is None
            and self.valid_from <= day <= self.valid_to
        )

    def covers(self, unit: Unit) -> bool:
        return unit.kind in self.unit_kinds or self.units.filter(pk=unit.pk).exists()


class ConsentParty(models.Model):
    """One person's answer: a guardian, or the child/youth themself."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="parties")
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_answers",
        verbose_name=_("guardian"),
    )
    is_child = models.BooleanField(_("the child or youth themself"), default=False)
    decision = models.CharField(_("answer"), max_length=8, choices=Decision.choices)

    class Meta:
        verbose_name = _("consent answer")
        verbose_name_plural = _("consent answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(guardian__isnull=False, is_child=False)
                | Q(guardian__isnull=True, is_child=True),
                name="consent_party_is_guardian_or_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian or _('the youth')}: {self.get_decision_display()}"
