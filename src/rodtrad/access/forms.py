"""The emergency access form: which child (by identity number, in the body
only) and why."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rodtrad.access.actions import MINIMUM_REASON_LENGTH
from rodtrad.consent.forms import AccessibleForm
from rodtrad.people.identity import compact, validate_identity_number

MESSAGE_REASON = _("Write why you need emergency access, in at least 20 characters.")


class EmergencyAccessForm(AccessibleForm):
    identity_number = forms.CharField(
        label=_("The child's identity number"),
        help_text=_("11 digits (fødselsnummer or D number)."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "ds-input", "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"required": _("Enter the child's identity number.")},
    )
    reason = forms.CharField(
        label=_("Why do you need access now?"),
        help_text=_(
            "At least 20 characters. Your leader is told, and the family can see it in the "
            "access log."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 4}),
        error_messages={"required": MESSAGE_REASON},
    )

    def clean_identity_number(self) -> str:
        number = compact(self.cleaned_data["identity_number"])
        validate_identity_number(number)
        return number

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if len(reason) < MINIMUM_REASON_LENGTH:
            raise ValidationError(MESSAGE_REASON)
        return reason
