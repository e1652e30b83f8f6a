"""The catalogue of help (tiltaksbank): the services and interventions a
municipality and its partners offer children, youth and families.

Modelled on Open Referral's Human Services Data Specification (HSDS 3): a
`Provider` is an HSDS organization, an `Intervention` an HSDS service. What
HSDS has no field for (the level in the prevention pyramid, how to get it,
needs, audiences, whether it is public, which unit kinds must or should offer
it) travels as HSDS attributes with Rød tråd's own taxonomies (see hsds.py).

Catalogue content is authored text about services, never about people: the
contact is a role ("helsesykepleier"), a service phone and a service e-mail,
not a named employee.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.redaction import redact

# PostgreSQL's Norwegian stemmer: "foreldreveiledning" finds "foreldreveiledningen".
SEARCH_CONFIG = "norwegian"
MAX_AGE = 99


class Level(models.TextChoices):
    """The prevention pyramid, as the municipalities' plans colour it."""

    GREEN = "green", _("Universal (green): good for everyone")
    YELLOW = "yellow", _("Selective (yellow): useful for some")
    RED = "red", _("Indicated (red): necessary for the individual")


LEVEL_SHORT: dict[str, StrOrPromise] = {
    Level.GREEN: _("Green: for everyone"),
    Level.YELLOW: _("Yellow: for some"),
    Level.RED: _("Red: for the individual"),
}
# Designsystemet colours for the level tags (the text says the level too).
LEVEL_COLOURS = {Level.GREEN: "success", Level.YELLOW: "warning", Level.RED: "danger"}


class Access(models.TextChoices):
    OPEN = "open", _("Contact them directly (no referral)")
    REFERRAL = "referral", _("Needs a referral")
    DECISION = "decision", _("Needs an application and a decision")


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Youth")
    PARENTS = "parents", _("Parents and guardians")
    FAMILIES = "families", _("Families")
    EMPLOYEES = "employees", _("Employees")


class Need(models.TextChoices):
    PARENTING = "parenting", _("Being a parent")
    BEHAVIOUR = "behaviour", _("Behaviour and getting along with others")
    MENTAL_HEALTH = "mental_health", _("Feelings and mental health")
    HEALTH = "health", _("Health and development")
    LEARNING = "learning", _("Kindergarten, school and learning")
    FAMILY_CONFLICT = "family_conflict", _("Divorce and conflict in the family")
    VIOLENCE = "violence", _("Violence and abuse")
    SUBSTANCES = "substances", _("Alcohol, drugs and crime")
    LEISURE = "leisure", _("Leisure and friends")
    NEW_IN_NORWAY = "new_in_norway", _("New in Norway")
    MONEY_AND_WORK = "money_and_work", _("Money, housing and work")
    COORDINATION = "coordination", _("Help from several services")


class Status(models.TextChoices):
    """HSDS's service statuses; only active entries are shown to citizens."""

    ACTIVE = "active", _("Active")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Discontinued")


class Language(models.TextChoices):
    """Languages a service is given in (ISO 639 codes, as HSDS wants them)."""

    NB = "nb", _("Norwegian")
    NN = "nn", _("Norwegian nynorsk")
    SE = "se", _("Northern Sami")
    NSL = "nsl", _("Norwegian sign language")
    EN = "en", _("English")
    AR = "ar", _("Arabic")
    FA = "fa", _("Persian")
    SO = "so", _("Somali")
    TI = "ti", _("Tigrinya")
    UK = "uk", _("Ukrainian")
    RU = "ru", _("Russian")
    PL = "pl", _("Polish")
    LT = "lt", _("Lithuanian")
    UR = "ur", _("Urdu")


class ChoiceArrayField(ArrayField[Any, Any]):
    """A list of choices, edited as checkboxes (not as comma-separated text)."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which would force its comma-separated field.
        return super(ArrayField, self).formfield(**defaults)


def choice_list(choices: type[models.TextChoices], verbose_name: StrOrPromise) -> ChoiceArrayField:
    return ChoiceArrayField(
        models.CharField(max_length=32, choices=choices.choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
    )


def validate_no_identity_number(value: str) -> None:
    """Catalogue text is public: it must never carry an identity number."""
    if value and redact(value) != value:
        raise ValidationError(
            _("Remove the identity number: the catalogue must not contain personal data."),
            code="personal_data",
        )


class Provider(models.Model):
    """Who provides a service (an HSDS organization): one of the municipality's
    units, or a partner such as the police, a volunteer centre or the hospital."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="catalogue_providers",
        verbose_name=_("municipality"),
    )
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_identity_number])
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_identity_number]
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our unit"),
        help_text=_("The municipality's own unit, when the provider is one."),
    )
    # Part of the catalogue page's cache key (rodtrad.catalogue.listing).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "hsds_id"], name="provider_hsds_id_unique"
            ),
            models.UniqueConstraint(fields=["municipality", "name"], name="provider_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class InterventionQuerySet(models.QuerySet["Intervention"]):
    def public(self) -> InterventionQuerySet:
        """What citizens see: public entries that are active."""
        return self.filter(is_public=True, status=Status.ACTIVE)

    def for_ages(self, youngest: int, oldest: int) -> InterventionQuerySet:
        """Entries whose age range overlaps youngest–oldest (no bound: any age)."""
        return self.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=oldest),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=youngest),
        )

    def search(self, text: str) -> InterventionQuerySet:
        """Norwegian full-text search, ranked; names also match on a fragment."""
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(
                Q(search_vector=query) | Q(name__icontains=text) | Q(alternate_name__icontains=text)
            )
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "name")
        )


class Intervention(models.Model):
    """A service or intervention (an HSDS service)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("municipality"),
    )
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_identity_number])
    alternate_name = models.CharField(
        _("also known as"),
        max_length=200,
        blank=True,
        help_text=_("An abbreviation or the program's own name, e.g. PMTO."),
    )
    description = models.TextField(_("description"), validators=[validate_no_identity_number])
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("provider"),
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    minimum_age = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("to age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    target_group = models.CharField(
        _("who it is for"),
        max_length=300,
        blank=True,
        validators=[validate_no_identity_number],
        help_text=_("In plain words, e.g. “Parents of children aged 3–8 with strong outbursts”."),
    )
    audiences = choice_list(Audience, _("for"))
    needs = choice_list(Need, _("needs"))
    access = models.CharField(_("how to get it"), max_length=16, choices=Access.choices)
    how_to_get = models.TextField(
        _("how to get it, step by step"), blank=True, validators=[validate_no_identity_number]
    )
    contact_role = models.CharField(
        _("contact"),
        max_length=100,
        blank=True,
        validators=[validate_no_identity_number],
        help_text=_("A role, not a person's name: the catalogue is public."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    languages = choice_list(Language, _("languages"))
    fees = models.CharField(_("cost"), max_length=300, blank=True)
    evidence_base = models.TextField(
        _("evidence base"),
        blank=True,
        help_text=_("The program or method and what is known about its effect."),
    )
    must_unit_kinds = choice_list(UnitKind, _("must be offered by"))
    should_unit_kinds = choice_list(UnitKind, _("should be offered by"))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown to everyone on the public pages. Otherwise only to employees."),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.ACTIVE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", "alternate_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("target_group", "description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("how_to_get", "evidence_base", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "hsds_id"], name="intervention_hsds_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(maximum_age__gte=F("minimum_age")),
                name="intervention_ages_in_order",
                violation_error_message=_("The upper age cannot be below the lower age."),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="intervention_search"),
            GinIndex(fields=["needs"], name="intervention_needs"),
            models.Index(
                fields=["municipality", "is_public", "status"], name="intervention_public"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.maximum_age < self.minimum_age
        ):
            errors["maximum_age"] = _("The upper age cannot be below the lower age.")
        if set(self.must_unit_kinds) & set(self.should_unit_kinds):
            errors["should_unit_kinds"] = _(
                "A unit kind is either obliged (must) or encouraged (should), not both."
            )
        if (
            self.provider_id
            and self.municipality_id
            and self.provider.municipality_id != self.municipality_id
        ):
            errors["provider"] = _("The provider must belong to the same municipality.")
        if errors:
            raise ValidationError(errors)

    @property
    def level_short(self) -> StrOrPromise:
        return LEVEL_SHORT[self.level]

    @property
    def level_colour(self) -> str:
        return LEVEL_COLOURS[Level(self.level)]

    @property
    def ages(self) -> str:
        """The age range as text: "3–8", "16+", "0–5", or "" for any age."""
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None:
            return f"{low}–{high}" if low != high else str(low)
        if low is not None:
            return f"{low}+"
        if high is not None:
            return f"0–{high}"
        return ""

    def audience_labels(self) -> list[StrOrPromise]:
        return [Audience(value).label for value in self.audiences if value in Audience.values]

    def need_labels(self) -> list[StrOrPromise]:
        return [Need(value).label for value in self.needs if value in Need.values]

    def language_labels(self) -> list[StrOrPromise]:
        return [Language(value).label for value in self.languages if value in Language.values]

    def must_labels(self) -> list[StrOrPromise]:
        return [UnitKind(value).label for value in self.must_unit_kinds]

    def should_labels(self) -> list[StrOrPromise]:
        return [UnitKind(value).label for value in self.should_unit_kinds]
