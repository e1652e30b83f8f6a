"""Municipalities (tenants), their units and services, and who works where."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

municipality_number_validator = RegexValidator(
    r"^\d{4}$", _("The municipality number must be exactly four digits.")
)


class Municipality(models.Model):
    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[municipality_number_validator],
    )
    name = models.CharField(_("name"), max_length=100)
    # Rules municipalities tune: configuration, not code (DESIGN.md §2, §8).
    youth_consent_age = models.PositiveSmallIntegerField(
        _("age from which the youth consents alone"), default=16
    )
    youth_voice_age = models.PositiveSmallIntegerField(
        _("age from which the youth's own view is recorded with consent"), default=12
    )
    consent_validity_months = models.PositiveSmallIntegerField(
        _("default validity of a consent (months)"), default=12
    )
    emergency_access_hours = models.PositiveSmallIntegerField(
        _("duration of emergency access (hours)"), default=3
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class UnitKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    SCHOOL = "school", _("School")
    HEALTH_STATION = "health_station", _("Health station and school health service")
    PPT = "ppt", _("Educational-psychological service (PPT)")
    CHILD_WELFARE = "child_welfare", _("Child welfare service")
    NAV = "nav", _("NAV")
    MENTAL_HEALTH = "mental_health", _("Mental health and substance use")
    THERAPY = "therapy", _("Physiotherapy and occupational therapy")
    COORDINATING = "coordinating", _("Coordinating unit")
    FAMILY_SERVICE = "family_service", _("Family service")
    REFUGEE_SERVICE = "refugee_service", _("Refugee service")
    CULTURE_LEISURE = "culture_leisure", _("Culture and leisure")
    POLICE = "police", _("Police")
    GP = "gp", _("General practitioner")
    SPECIALIST_HEALTH = "specialist_health", _("Specialist health service")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    OTHER = "other", _("Other")


# Units where a child can be enrolled (with dates) rather than just served.
ENROLLING_UNIT_KINDS = frozenset({UnitKind.KINDERGARTEN, UnitKind.SCHOOL, UnitKind.UPPER_SECONDARY})


class ConfidentialityLaw(models.TextChoices):
    ADMINISTRATION = "forvaltningsloven", _("Public Administration Act § 13")
    HEALTH_PERSONNEL = "helsepersonelloven", _("Health Personnel Act § 21")
    CHILD_WELFARE = "barnevernsloven", _("Child Welfare Act § 13-1")
    EDUCATION = "opplaeringslova", _("Education Act § 24-2")
    KINDERGARTEN = "barnehageloven", _("Kindergarten Act § 44")
    NAV = "nav-loven", _("NAV Act § 7")
    POLICE = "politiregisterloven", _("Police Register Act § 23")


class UnitQuerySet(models.QuerySet["Unit"]):
    def serving(self, municipality: Municipality) -> UnitQuerySet:
        return self.filter(
            models.Q(municipality=municipality) | models.Q(serves=municipality)
        ).distinct()


class Unit(models.Model):
    """A unit or service. `municipality` owns it; `serves` lists every
    municipality it works for (an intermunicipal child welfare service
    serves several)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    serves = models.ManyToManyField(
        Municipality,
        related_name="served_by",
        blank=True,
        verbose_name=_("municipalities served"),
        help_text=_("The unit's own municipality is always served."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    confidentiality_law = models.CharField(
        _("confidentiality governed by"),
        max_length=32,
        choices=ConfidentialityLaw.choices,
        default=ConfidentialityLaw.ADMINISTRATION,
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="unit_name_unique_in_municipality",
                violation_error_message=_("The municipality already has a unit with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def served_municipality_ids(self) -> set[int]:
        return {self.municipality_id, *self.serves.values_list("id", flat=True)}


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    LEADER = "leader", _("Leader")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("employee"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EMPLOYEE)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="one_membership_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"
