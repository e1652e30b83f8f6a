"""Children, the adults responsible for them, households and enrolments.

Every row of personal data carries its municipality (the tenant)."""

from __future__ import annotations

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.organisation.models import ENROLLING_UNIT_KINDS, Municipality, Unit
from rodtrad.people.identity import compact, mask, parse_identity_number, validate_identity_number


class IdentityNumberField(models.CharField[str | None, str | None]):
    """Eleven digits, validated; stored compact."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("verbose_name", _("identity number"))
        kwargs.setdefault("validators", [validate_identity_number])
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> str | None:
        result = super().to_python(value)
        return compact(result) if isinstance(result, str) else result


class Child(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("municipality"),
    )
    identity_number = IdentityNumberField(
        unique=True,
        error_messages={"unique": _("A child with this identity number is already registered.")},
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(
        _("birth date"), blank=True, help_text=_("Read from the identity number when left empty.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["family_name", "given_name"]
        # No trigram indexes on the names: the search narrows the children the
        # policy lets the actor find by name (people/search.py), and Django's
        # icontains (the admin's search) compares UPPER(name), which a trigram index
        # on the name cannot serve (BENCHMARKS.md, seventh round).
        indexes = [models.Index(fields=["municipality", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def masked_identity_number(self) -> str:
        return mask(self.identity_number or "")

    def clean(self) -> None:
        if self.identity_number and not self.birth_date:
            # An invalid number is reported by the field's own validator.
            with contextlib.suppress(ValidationError):
                self.birth_date = parse_identity_number(self.identity_number).birth_date

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class Guardian(models.Model):
    """An adult who is, or acts as, a child's guardian."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="guardians",
        verbose_name=_("municipality"),
    )
    identity_number = IdentityNumberField(
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": _("A person with this identity number is already registered.")},
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    children: models.ManyToManyField[Child, Guardianship] = models.ManyToManyField(
        Child, through="Guardianship", related_name="guardians", verbose_name=_("children")
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    CO_MOTHER = "co_mother", _("Co-mother")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    OTHER_GUARDIAN = "other_guardian", _("Other guardian")
    STEP_PARENT = "step_parent", _("Step-parent")


class Guardianship(models.Model):
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("child")
    )
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("guardian")
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    parental_responsibility = models.BooleanField(
        _("parental responsibility"),
        default=True,
        help_text=_("Guardians with parental responsibility give consent on the child's behalf."),
    )
    lives_with_child = models.BooleanField(_("lives with the child"), default=True)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["child", "guardian"], name="one_guardianship_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} – {self.child} ({self.get_relation_display()})"


class Family(models.Model):
    """A household: the children and adults who live together."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    children = models.ManyToManyField(
        Child, related_name="families", blank=True, verbose_name=_("children")
    )
    adults = models.ManyToManyField(
        Guardian, related_name="families", blank=True, verbose_name=_("adults")
    )

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A child's place in a kindergarten or school, from–to."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("child")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("unit")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="enrolment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.child} – {self.unit}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.unit_id and self.unit.kind not in ENROLLING_UNIT_KINDS:
            errors["unit"] = _("Children can only be enrolled in a kindergarten or a school.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        if self.child_id and not self.municipality_id:
            self.municipality_id = self.child.municipality_id
        if errors:
            raise ValidationError(errors)
