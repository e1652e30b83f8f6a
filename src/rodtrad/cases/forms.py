"""Forms of the relay log pages. They parse input only: the rules are in actions.py."""

from __future__ import annotations

import functools
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.accounts.models import User
from rodtrad.cases.models import (
    Case,
    Category,
    ConversationWith,
    EntryKind,
    EvaluationDecision,
    EvaluationResult,
    LeaderDecision,
    Level,
    Measure,
    MeasureStatus,
)
from rodtrad.organisation.models import Membership, Role, Unit
from rodtrad.people.models import Child


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Designsystemet classes on every input; errors from the do_ functions land on fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "ds-input")

    def add_domain_errors(
        self, error: ValidationError, renames: dict[str, str] | None = None
    ) -> None:
        """Put the errors of a do_ function on the matching fields (others on the form)."""
        renames = renames or {}
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                field = renames.get(name, name)
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def membership_label(membership: Membership) -> str:
    return f"{membership.user} – {membership.unit.name}"


class MembershipChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return membership_label(obj)


class ChildChoiceField(forms.ModelChoiceField[Child]):
    def label_from_instance(self, obj: Child) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d.%m.%Y})"


class OpenCaseForm(StyledForm):
    child = ChildChoiceField(label=_("Child"), queryset=Child.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Your unit"),
        queryset=Unit.objects.none(),
        help_text=_("You hold the baton, for this unit."),
    )
    concern = forms.CharField(
        label=_("What do you wonder or worry about?"),
        help_text=_("Describe what you have seen and heard, as concretely as you can."),
        widget=_textarea(6),
    )
    occurred_on = forms.DateField(
        label=_("When did you see it?"), widget=DateInput(), required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("What is it about?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, *args: Any, children: QuerySet[Child], units: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


# The entry kinds an employee writes, by the slug in the page's address.
ENTRY_SLUGS = {
    "undring": EntryKind.CONCERN,
    "observasjon": EntryKind.OBSERVATION,
    "lysglimt": EntryKind.BRIGHT_SPOT,
    "samtale": EntryKind.CONVERSATION,
    "notat": EntryKind.NOTE,
}
SLUG_OF_KIND = {kind: slug for slug, kind in ENTRY_SLUGS.items()}


ENTRY_TEXT_LABELS = {
    EntryKind.CONCERN: _("What do you wonder or worry about?"),
    EntryKind.OBSERVATION: _("What did you see or hear?"),
    EntryKind.BRIGHT_SPOT: _("What went well?"),
    EntryKind.CONVERSATION: _("Your own assessment"),
    EntryKind.NOTE: _("Note"),
}


class EntryForm(StyledForm):
    """Every field an entry may have: entry_form(kind) makes the form of a kind."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conversation_with = forms.ChoiceField(
        label=_("Who did you talk with?"),
        choices=ConversationWith.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    child_words = forms.CharField(
        label=_("The child's own words"),
        help_text=_("Write what the child said, in the child's words."),
        widget=_textarea(),
        required=False,
    )
    guardians_view = forms.CharField(
        label=_("The guardians' view"),
        help_text=_("What the guardians think, as they said it."),
        widget=_textarea(),
        required=False,
    )
    text = forms.CharField(widget=_textarea(6), required=False)
    categories = forms.MultipleChoiceField(
        label=_("What is it about?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


# The fields only a conversation has.
_CONVERSATION_FIELDS = ("conversation_with", "child_words", "guardians_view")


@functools.cache
def entry_form(kind: str) -> type[EntryForm]:
    """The form of one kind of entry: EntryForm with that kind's fields only and the
    text labelled for the kind. A form deep-copies every field it declares when it
    is made, and the fields a kind does not have cost ~0.1 ms of that."""
    removed = ["categories"] if kind in (EntryKind.CONVERSATION, EntryKind.NOTE) else []
    if kind != EntryKind.CONVERSATION:
        removed += _CONVERSATION_FIELDS
    text = forms.CharField(
        label=ENTRY_TEXT_LABELS[EntryKind(kind)],
        help_text=(
            _("Kept apart from what the child and the guardians said.")
            if kind == EntryKind.CONVERSATION
            else ""
        ),
        widget=_textarea(6),
        required=False,
    )
    # A declared field set to None in a subclass is not one of its fields.
    fields: dict[str, Any] = {"text": text, **dict.fromkeys(removed)}
    return cast(
        "type[EntryForm]", type(f"{EntryKind(kind).name.title()}Form", (EntryForm,), fields)
    )


class AskLeaderForm(StyledForm):
    text = forms.CharField(
        label=_("What would you like your leader to look at?"),
        widget=_textarea(),
        required=False,
    )


class LeaderChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class LeaderDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("The leader's decision"), choices=LeaderDecision.choices, widget=forms.RadioSelect
    )
    decided_by = LeaderChoiceField(label=_("Decided by"), queryset=User.objects.none())
    text = forms.CharField(label=_("Reasons and next steps"), widget=_textarea(), required=False)

    def __init__(self, *args: Any, case: Case, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leaders = User.objects.filter(
            memberships__unit_id=case.holder_unit_id or 0,
            memberships__role=Role.LEADER,
            is_active=True,
        ).order_by("first_name", "last_name")
        self.fields["decided_by"].queryset = leaders  # type: ignore[attr-defined]
        if any(leader.pk == actor.pk for leader in leaders):
            self.fields["decided_by"].initial = actor.pk


class LevelForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=_("New level"), choices=Level.choices, coerce=int, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why the relay log moves. The reason is kept in the timeline."),
        widget=_textarea(),
    )


class UnitForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MeasureForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goal = forms.CharField(label=_("Goal"), widget=_textarea(3))
    description = forms.CharField(label=_("What we do"), widget=_textarea(), required=False)
    responsible = MembershipChoiceField(
        label=_("Responsible person and unit"), queryset=Membership.objects.none()
    )
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    evaluate_on = forms.DateField(label=_("Evaluation date"), widget=DateInput())
    intervention = forms.CharField(
        label=_("Intervention from the catalogue"),
        help_text=_("Optional: the name of the intervention in the catalogue."),
        max_length=200,
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.filter(unit__case_units__case=case, user__is_active=True)
            .select_related("user", "unit")
            .order_by("unit__name", "user__first_name", "user__last_name")
        )

    @staticmethod
    def initial_for(measure: Measure) -> dict[str, Any]:
        membership = Membership.objects.filter(
            user_id=measure.responsible_id, unit_id=measure.responsible_unit_id
        ).first()
        return {
            "version": measure.version,
            "goal": measure.goal,
            "description": measure.description,
            "responsible": membership.pk if membership else None,
            "starts_on": measure.starts_on,
            "evaluate_on": measure.evaluate_on,
            "intervention": measure.intervention,
            "status": measure.status,
        }

    def domain_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        membership: Membership = data["responsible"]
        return {
            "goal": data["goal"],
            "description": data["description"],
            "responsible": membership.user_id,
            "responsible_unit": membership.unit_id,
            "starts_on": data["starts_on"],
            "evaluate_on": data["evaluate_on"],
            "intervention": data["intervention"],
            "status": data["status"],
        }


class MeasureChoiceField(forms.ModelChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return obj.goal[:80]


class EvaluationForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    measure = MeasureChoiceField(
        label=_("What is evaluated"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("The whole action plan"),
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    participants = forms.CharField(
        label=_("Who took part"),
        help_text=_("Names and roles, for example: Emil, his mother, Kari (kindergarten)."),
        widget=_textarea(2),
    )
    child_took_part = forms.BooleanField(label=_("The child took part"), required=False)
    guardians_took_part = forms.BooleanField(label=_("The guardians took part"), required=False)
    child_view = forms.CharField(
        label=_("The child's view"),
        help_text=_("What the child thinks of the help, in the child's words."),
        widget=_textarea(3),
        required=False,
    )
    guardians_view = forms.CharField(
        label=_("The guardians' view"), widget=_textarea(3), required=False
    )
    result = forms.TypedChoiceField(
        label=_("Result"), choices=EvaluationResult.choices, coerce=int, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("Assessment"), widget=_textarea(4), required=False)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=EvaluationDecision.choices, widget=forms.RadioSelect
    )
    next_evaluate_on = forms.DateField(
        label=_("Next evaluation date"),
        help_text=_("Needed when the measures continue or are adjusted."),
        widget=DateInput(),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(case=case)  # type: ignore[attr-defined]
        if editing:
            # The decision has taken effect; an edit corrects the words only.
            for name in ("measure", "decision", "next_evaluate_on"):
                del self.fields[name]
        else:
            self.fields["held_on"].initial = timezone.localdate()


class EmployeeChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return membership_label(obj)


class HandoverForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to = EmployeeChoiceField(
        label=_("New baton holder"),
        help_text=_("The employee and the unit that take over the relay log."),
        queryset=Membership.objects.none(),
    )
    message = forms.CharField(
        label=_("Message to the new baton holder"), widget=_textarea(), required=False
    )

    def __init__(self, *args: Any, case: Case, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        serving = Unit.objects.serving(case.municipality).values("pk")
        self.fields["to"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.filter(unit__in=serving, user__is_active=True)
            .exclude(user=actor)
            .exclude(role=Role.ADMINISTRATOR)
            .select_related("user", "unit")
            .order_by("unit__name", "user__first_name", "user__last_name")
        )


class DeclineForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Why do you decline?"), widget=_textarea())


class VersionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is the relay log closed?"), widget=_textarea())
    guardians_informed = forms.BooleanField(
        label=_("The guardians have been told that the relay log is closed"), required=False
    )


class ReopenForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is the relay log reopened?"), widget=_textarea())
