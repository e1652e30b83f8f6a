"""Forms of the report pages. They parse input only: every rule lives in
rodtrad.reports.actions, whose ValidationErrors land on the fields here."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import Unit
from rodtrad.policy.reports import (
    child_welfare_unit_ids,
    consultation_partners,
    reportable_children,
    reporter_units,
)
from rodtrad.reports.models import (
    TRANSITIONS,
    ConsultationOutcome,
    GuardiansNotTold,
    SourceKind,
    Status,
)

if TYPE_CHECKING:
    from rodtrad.accounts.models import User
    from rodtrad.organisation.models import Municipality

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(widget, forms.HiddenInput | forms.RadioSelect):
            widget.attrs.setdefault("class", "ds-input")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a domain function's errors on the form's fields (or the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for message in messages:
            form.add_error(target, message)


def child_label(child: Any) -> str:
    born = date_format(child.birth_date, "SHORT_DATE_FORMAT")
    return str(_("%(name)s (born %(born)s)") % {"name": child.full_name, "born": born})


class ReportContentForm(forms.Form):
    """What every report says, however it arrived."""

    grounds = forms.CharField(
        label=_("What are you concerned about?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the concern in your own words."),
    )
    observations = forms.CharField(
        label=_("What have you observed, and when?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Write what you saw and heard, with dates, and what the child said in "
            "the child's own words. Keep facts apart from your assessment."
        ),
    )
    acute = forms.BooleanField(
        label=_("Acute: the child may be in danger now"),
        required=False,
        help_text=_(
            "If the child is in danger now, also call the child welfare emergency service "
            "or the police (112)."
        ),
    )
    guardians_told = forms.ChoiceField(
        label=_("Have the guardians been told about the report?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    guardians_not_told_reason = forms.ChoiceField(
        label=_("If not: why not?"),
        choices=GuardiansNotTold.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Where violence or sexual abuse is suspected, do not tell the guardians first."
        ),
    )
    guardians_not_told_explanation = forms.CharField(
        label=_("Explanation (required for “other reason”)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportForm(ReportContentForm):
    # Only the shapes are checked here; do_send_report says what is missing,
    # all at once.
    child = forms.TypedChoiceField(label=_("Child"), coerce=int, required=False, empty_value=None)
    reporter_unit = forms.TypedChoiceField(
        label=_("You report from"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Your unit. The report is yours: the duty to report is personal."),
    )
    receiving_unit = forms.TypedChoiceField(
        label=_("Child welfare service"), coerce=int, required=False, empty_value=None
    )
    case = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: User, receiving_choices: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        children = reportable_children(actor).order_by("family_name", "given_name", "pk")
        self.fields["child"].choices = [("", _("Choose the child"))] + [  # type: ignore[attr-defined]
            (child.pk, child_label(child)) for child in children
        ]
        units = list(reporter_units(actor))
        self.fields["reporter_unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["reporter_unit"].initial = units[0].pk
        self.fields["receiving_unit"].choices = [("", _("Choose the service"))] + [  # type: ignore[attr-defined]
            (u.pk, u.name) for u in receiving_choices
        ]
        _styled(self)


class RegisterForm(ReportContentForm):
    """Child welfare writes in a report received by phone or letter."""

    receiving_unit = forms.TypedChoiceField(
        label=_("Child welfare service"), coerce=int, required=False, empty_value=None
    )
    identity_number = forms.CharField(
        label=_("The child's identity number"),
        required=False,
        max_length=20,
        help_text=_("11 digits. The child must be registered in a municipality you serve."),
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    source_kind = forms.ChoiceField(
        label=_("Who reported"), choices=SourceKind.choices, initial=SourceKind.GUARDIANS
    )
    received_from = forms.CharField(
        label=_("Received from"),
        required=False,
        max_length=200,
        help_text=_("For example “the mother”, “a neighbour”, “the police”. A name is not needed."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(pk__in=child_welfare_unit_ids(actor)).order_by("name")
        self.fields["receiving_unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["identity_number"].widget.attrs["autocomplete"] = "off"
        _styled(self)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (only for child welfare)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter never sees the status or this note."),
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        order = list(Status.values)
        allowed = sorted(TRANSITIONS.get(current, frozenset()), key=order.index)
        self.fields["status"].choices = [(s, labels[s]) for s in allowed]  # type: ignore[attr-defined]
        self.fields["expected_status"].initial = current
        _styled(self)


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Short message to the reporter (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The reporter is told what the law says they are told. Write nothing about "
            "the child or the family that the reporter does not need."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _styled(self)


class ConsultationForm(forms.Form):
    consulting_unit = forms.TypedChoiceField(label=_("Your unit"), coerce=int)
    child_welfare_unit = forms.TypedChoiceField(label=_("Child welfare service"), coerce=int)
    held_on = forms.DateField(
        label=_("Date of the talk"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        label=_("What was the concern about?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Without identity: no names, identity numbers, addresses or details that "
            "point to one child or family. Write for example “a boy in 4th grade”."
        ),
    )
    advice = forms.CharField(
        label=_("What did child welfare advise?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ConsultationOutcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = list(reporter_units(actor))
        self.fields["consulting_unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        partners = list(consultation_partners(actor))
        self.fields["child_welfare_unit"].choices = [(u.pk, u.name) for u in partners]  # type: ignore[attr-defined]
        self.fields["held_on"].initial = timezone.localdate()
        _styled(self)


class StatisticsForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("All"))] + [  # type: ignore[attr-defined]
            (m.number, m.name) for m in municipalities
        ]
        _styled(self)

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The period asked for; by default the last twelve whole months and this one."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("date_from") or datetime.date(today.year - 1, today.month, 1)
        end = data.get("date_to") or today
        return (start, end) if start <= end else (end, start)
