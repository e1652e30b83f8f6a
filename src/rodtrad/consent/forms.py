"""Forms for registering and withdrawing consent. They parse and check the
shape of the input; the rules live in rodtrad.consent.actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField, BoundWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rodtrad.cases.models import Case
from rodtrad.consent.actions import add_months
from rodtrad.consent.models import Decision, InformationCategory, Method, Purpose
from rodtrad.consent.rules import Answer
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.people.models import Child, Guardianship

NOT_ANSWERED = ""
ANSWER_CHOICES = [
    (Decision.GIVEN.value, _("Yes, consents")),
    (Decision.REFUSED.value, _("No, refuses")),
    (NOT_ANSWERED, _("Has not answered")),
]

# The same words as the domain's checks, so a page shows every problem at once.
MESSAGE_UNITS = _("Choose at least one unit or kind of unit.")
MESSAGE_CATEGORIES = _("Choose what information may be shared.")
MESSAGE_ANSWERS = _("Record who gave or refused the consent.")
MESSAGE_METHOD = _("Choose how the consent was given.")
MESSAGE_PURPOSE = _("Choose what the consent is for.")
MESSAGE_DATE = _("Enter a date as dd.mm.yyyy.")
MESSAGE_WITHDRAWN_BY = _("Write who withdrew the consent.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _ds(widget: forms.Widget) -> forms.Widget:
    widget.attrs["class"] = "ds-input"
    return widget


def first_input_id(field: BoundField) -> str:
    """Where an error summary link leads: the field's (first) input."""
    if isinstance(field.field.widget, forms.RadioSelect):  # checkboxes too
        return f"{field.auto_id}_0"
    return str(field.auto_id)


class AccessibleForm(forms.Form):
    """Errors tied to their fields for screen readers, and an error summary."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            # A group of options is described on its fieldset (_choices.html).
            if name in self.fields and not isinstance(self.fields[name].widget, forms.RadioSelect):
                widget = self.fields[name].widget
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.insert(0, f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in the order of the form."""
        summary = []
        visible = [field for field in self if not field.is_hidden]
        for message in self.non_field_errors():
            summary.append((first_input_id(visible[0]) if visible else "", str(message)))
        for field in visible:
            summary.extend((first_input_id(field), str(message)) for message in field.errors)
        return summary


class ConsentForm(AccessibleForm):
    purpose = forms.ChoiceField(
        label=_("What is the consent for?"),
        choices=Purpose.choices,
        initial=Purpose.COLLABORATION,
        widget=_ds(forms.RadioSelect()),
        error_messages={"required": MESSAGE_PURPOSE, "invalid_choice": MESSAGE_PURPOSE},
    )
    case = forms.TypedChoiceField(
        label=_("Which relay log"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=_ds(forms.Select()),
        help_text=_("Leave it at all relay logs unless the family limited the consent to one."),
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Units"),
        coerce=int,
        required=False,
        widget=_ds(forms.CheckboxSelectMultiple()),
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of unit"),
        choices=UnitKind.choices,
        required=False,
        widget=_ds(forms.CheckboxSelectMultiple()),
        help_text=_("Every unit of the kind in the municipality, also new ones."),
    )
    categories = forms.MultipleChoiceField(
        label=_("What information may be shared?"),
        choices=InformationCategory.choices,
        widget=_ds(forms.CheckboxSelectMultiple()),
        error_messages={"required": MESSAGE_CATEGORIES},
    )
    method = forms.ChoiceField(
        label=_("How was the consent given?"),
        choices=Method.choices,
        widget=_ds(forms.RadioSelect()),
        error_messages={"required": MESSAGE_METHOD, "invalid_choice": MESSAGE_METHOD},
    )
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=_ds(DateInput()),
        error_messages={"invalid": MESSAGE_DATE},
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=_ds(DateInput()),
        error_messages={"invalid": MESSAGE_DATE},
    )

    def __init__(
        self,
        *args: Any,
        child: Child,
        guardianships: list[Guardianship],
        units: list[Unit],
        cases: list[Case],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.guardianships = guardianships
        today = timezone.localdate()
        months = child.municipality.consent_validity_months
        self.fields["valid_from"].initial = today
        self.fields["valid_to"].initial = add_months(today, months)
        self.fields["valid_to"].help_text = _(
            "The municipality's default is %(months)s months. Leave it to use the default."
        ) % {"months": months}
        self.cases_by_id = {case.pk: case for case in cases}
        cast(forms.TypedChoiceField, self.fields["case"]).choices = [
            ("", _("All the child's relay logs"))
        ] + [(case.pk, str(case)) for case in cases]
        cast(forms.TypedMultipleChoiceField, self.fields["units"]).choices = [
            (unit.pk, unit.name) for unit in units
        ]
        self.unit_kind_of = {unit.pk: unit.kind for unit in units}
        self.unit_list = units
        for guardianship in guardianships:
            guardian = guardianship.guardian
            name = _("Answer from %(name)s (%(relation)s)") % {
                "name": guardian,
                "relation": guardianship.get_relation_display().lower(),
            }
            self.fields[self.guardian_field(guardian.pk)] = forms.ChoiceField(
                label=name,
                choices=ANSWER_CHOICES,
                required=False,
                initial=NOT_ANSWERED,
                widget=_ds(forms.RadioSelect()),
                help_text=""
                if guardianship.parental_responsibility
                else _("Without parental responsibility: the answer is recorded, but not needed."),
            )
        age = child.age_on(today)
        self.youth_answers = age >= child.municipality.youth_voice_age
        if self.youth_answers:
            self.fields["youth"] = forms.ChoiceField(
                label=_("Answer from %(name)s themself") % {"name": child.given_name},
                choices=ANSWER_CHOICES,
                required=False,
                initial=NOT_ANSWERED,
                widget=_ds(forms.RadioSelect()),
            )
            self.fields["youth_view"] = forms.CharField(
                label=_("%(name)s's own view, in their words") % {"name": child.given_name},
                required=False,
                max_length=4000,
                widget=_ds(forms.Textarea(attrs={"rows": 3})),
            )

    @staticmethod
    def guardian_field(guardian_id: int) -> str:
        return f"guardian_{guardian_id}"

    def answer_fields(self) -> list[BoundField]:
        names = [self.guardian_field(g.guardian_id) for g in self.guardianships]
        if self.youth_answers:
            names.append("youth")
        return [self[name] for name in names]

    def unit_groups(self) -> list[tuple[StrOrPromise, list[BoundWidget]]]:
        """The unit checkboxes, grouped by kind of unit, in the order of UnitKind."""
        groups: dict[str, list[BoundWidget]] = {}
        for widget in self["units"]:
            groups.setdefault(self.unit_kind_of[int(widget.data["value"])], []).append(widget)
        return [(kind.label, groups[kind]) for kind in UnitKind if kind in groups]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("units") and not data.get("unit_kinds"):
            self.add_error("units", MESSAGE_UNITS)
        if not self.answers():
            fields = self.answer_fields()
            self.add_error(fields[0].name if fields else None, MESSAGE_ANSWERS)
        return data

    def answers(self) -> list[Answer]:
        answers = []
        for guardianship in self.guardianships:
            value = self.cleaned_data.get(self.guardian_field(guardianship.guardian_id))
            if value:
                answers.append(Answer(guardianship.guardian_id, Decision(value)))
        if self.youth_answers and self.cleaned_data.get("youth"):
            answers.append(Answer(None, Decision(self.cleaned_data["youth"])))
        return answers

    def chosen_units(self) -> list[Unit]:
        chosen = set(self.cleaned_data.get("units") or [])
        return [unit for unit in self.unit_list if unit.pk in chosen]

    def chosen_case(self) -> Case | None:
        case_id = self.cleaned_data.get("case")
        return self.cases_by_id.get(case_id) if case_id else None

    def add_domain_errors(self, error: ValidationError) -> None:
        """Put the domain's messages on the fields they are about."""
        messages: dict[str | None, list[str]] = {None: error.messages}
        if hasattr(error, "error_dict"):
            messages = {name: texts for name, texts in error.message_dict.items()}
        for field, texts in messages.items():
            target = field if field in self.fields else None
            if field == "answers" and self.answer_fields():
                target = self.answer_fields()[0].name
            for text in texts:
                self.add_error(target, text)


class WithdrawForm(AccessibleForm):
    withdrawn_by = forms.ChoiceField(
        label=_("Who withdrew the consent?"),
        widget=_ds(forms.RadioSelect()),
        error_messages={"required": MESSAGE_WITHDRAWN_BY, "invalid_choice": MESSAGE_WITHDRAWN_BY},
    )
    other = forms.CharField(
        label=_("Name and relation to the child"),
        required=False,
        max_length=200,
        widget=_ds(forms.TextInput()),
        help_text=_("Only when someone else withdrew it."),
    )
    reason = forms.CharField(
        label=_("Why (if they said)"),
        required=False,
        max_length=2000,
        widget=_ds(forms.Textarea(attrs={"rows": 3})),
    )

    OTHER = "other"

    def __init__(
        self, *args: Any, child: Child, guardianships: list[Guardianship], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people: list[tuple[str, str]] = [
            (
                f"guardian_{g.guardian_id}",
                f"{g.guardian} ({g.get_relation_display().lower()})",
            )
            for g in guardianships
        ]
        if child.age_on(timezone.localdate()) >= child.municipality.youth_voice_age:
            people.append(("youth", _("%(name)s themself") % {"name": child.full_name}))
        people.append((self.OTHER, str(_("Someone else"))))
        self.people = dict(people)
        cast(forms.ChoiceField, self.fields["withdrawn_by"]).choices = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("withdrawn_by") == self.OTHER and not data.get("other", "").strip():
            self.add_error(
                "other", _("Write who withdrew the consent, and their relation to the child.")
            )
        return data

    def who(self) -> str:
        choice = self.cleaned_data["withdrawn_by"]
        if choice == self.OTHER:
            return str(self.cleaned_data["other"]).strip()
        return str(self.people[choice])
