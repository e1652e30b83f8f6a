"""Forms of the team and meeting pages. They parse input; the rules are in actions.py."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.teams.actions import Answer
from rodtrad.teams.models import Score

MESSAGE_DATE = _("Enter a date as dd.mm.yyyy.")
MESSAGE_TIME = _("Enter a time as hh:mm.")
MESSAGE_REQUIRED = _("This field is required.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def first_input_id(field: BoundField) -> str:
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


class TeamForm(forms.Form):
    """Designsystemet classes, errors tied to their fields, an error summary,
    and the domain's messages put on the fields they are about."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.setdefault("required", MESSAGE_REQUIRED)
            field.error_messages["required"] = MESSAGE_REQUIRED
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "ds-input")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(
                self.fields[name].widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.insert(0, f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def error_summary(self) -> list[tuple[str, str]]:
        summary = []
        visible = [field for field in self if not field.is_hidden]
        for message in self.non_field_errors():
            summary.append((first_input_id(visible[0]) if visible else "", str(message)))
        for field in visible:
            summary.extend((first_input_id(field), str(message)) for message in field.errors)
        return summary

    def add_domain_errors(self, error: ValidationError) -> None:
        messages: dict[str | None, list[str]] = {None: error.messages}
        if hasattr(error, "error_dict"):
            messages = dict(error.message_dict.items())
        for field, texts in messages.items():
            target = field if field in self.fields else None
            for text in texts:
                self.add_error(target, text)


class ReferralForm(TeamForm):
    case = forms.TypedChoiceField(label=_("Which relay log"), coerce=int)
    reason = forms.CharField(
        label=_("What should the team help with?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tried = forms.CharField(
        label=_("What has been tried in your own service?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    anonymous = forms.TypedChoiceField(
        label=_("With consent or anonymously?"),
        coerce=lambda value: value == "yes",
        choices=[
            ("no", _("With the family's consent for team discussion")),
            ("yes", _("Anonymously: the team sees no name, number, birth date, address or school")),
        ],
        initial="no",
        widget=forms.RadioSelect(),
    )

    def __init__(
        self, *args: Any, cases: list[tuple[int, str]], allows_anonymous: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("Choose a relay log")), *cases]  # type: ignore[attr-defined]
        if not allows_anonymous:
            del self.fields["anonymous"]
        else:
            self.fields["reason"].help_text = _(
                "When you refer anonymously, write nothing that tells who the child is."
            )


class UpdateReferralForm(TeamForm):
    reason = forms.CharField(
        label=_("What should the team help with?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tried = forms.CharField(
        label=_("What has been tried in your own service?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class AnswerForm(TeamForm):
    answer = forms.ChoiceField(
        label=_("The team's answer"),
        choices=[
            (Answer.ACCEPT, _("Accept")),
            (Answer.MORE_INFO, _("Ask for more information")),
            (Answer.DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect(),
    )
    text = forms.CharField(
        label=_("What the team needs, or why it declines"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class MeetingForm(TeamForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Shown in calendars and emails: never write a child's name."),
    )
    date = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"invalid": MESSAGE_DATE}
    )
    starts = forms.TimeField(
        label=_("Starts"), widget=TimeInput(), error_messages={"invalid": MESSAGE_TIME}
    )
    ends = forms.TimeField(
        label=_("Ends"), widget=TimeInput(), error_messages={"invalid": MESSAGE_TIME}
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.CharField(
        label=_("Video link"),
        max_length=500,
        required=False,
        help_text=_("Instead of or as well as a place. Starts with https://."),
    )
    referrals = forms.TypedMultipleChoiceField(
        label=_("Referred cases on the agenda"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    topics = forms.CharField(
        label=_("Other topics"),
        required=False,
        max_length=2000,
        help_text=_("One topic per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, referrals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if referrals:
            self.fields["referrals"].choices = referrals  # type: ignore[attr-defined]
        else:
            del self.fields["referrals"]

    def times(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        data = self.cleaned_data
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if day is None or starts is None or ends is None:
            return None, None
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(day, starts, tzinfo=zone),
            datetime.datetime.combine(day, ends, tzinfo=zone),
        )

    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("topics", "").splitlines()]


class ParticipantForm(TeamForm):
    person = forms.ChoiceField(label=_("Who"))

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]


class AgendaItemForm(TeamForm):
    referral = forms.TypedChoiceField(label=_("Referred case"), coerce=int, required=False)
    topic = forms.CharField(label=_("Or a topic"), max_length=200, required=False)

    def __init__(self, *args: Any, referrals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [("", _("No referred case")), *referrals]  # type: ignore[attr-defined]


class DecisionForm(TeamForm):
    text = forms.CharField(
        label=_("What is to be done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.ChoiceField(label=_("Responsible person"))
    due_on = forms.DateField(
        label=_("By"), widget=DateInput(), error_messages={"invalid": MESSAGE_DATE}
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]

    def responsible_ids(self) -> tuple[int | None, int | None]:
        """`user:unit` → (user id, unit id)."""
        value = self.cleaned_data.get("responsible") or ""
        user, _sep, unit = value.partition(":")
        try:
            return int(user), int(unit)
        except ValueError:
            return None, None


class RatingForm(TeamForm):
    participant = forms.TypedChoiceField(label=_("Whose rating"), coerce=int)
    useful = forms.TypedChoiceField(
        label=_("Was the meeting useful? (1 = not at all, 5 = very)"),
        coerce=int,
        choices=Score.choices,
        widget=forms.RadioSelect(),
    )
    heard = forms.TypedChoiceField(
        label=_("Were you heard? (1 = not at all, 5 = fully)"),
        coerce=int,
        choices=Score.choices,
        widget=forms.RadioSelect(),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, family: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", _("Choose a person")), *family]  # type: ignore[attr-defined]
