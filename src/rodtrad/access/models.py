"""Emergency access ("break the glass"): written reason, time limit, told to the leader."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child


class EmergencyAccess(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("employee"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="emergency_accesses", verbose_name=_("child")
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"))
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("granted_at")), name="emergency_access_expires_later"
            ),
        ]
        indexes = [models.Index(fields=["actor", "child", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.granted_at:%Y-%m-%d %H:%M}"
