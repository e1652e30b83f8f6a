"""The stafettlogg (relay log): one child's help, with one baton holder.

The case itself and the units taking part (which the access policy reads),
the timeline (Entry), the action plan's measures, evaluations and handovers.
Every editable record carries a `version`: a save names the version it read,
and the do_ functions refuse a save over someone else's (optimistic locking).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child


class Level(models.IntegerChoices):
    WONDER = 0, _("Level 0: wondering and concern")
    OWN_SERVICE = 1, _("Level 1: measures in own service")
    SIMPLE_COLLABORATION = 2, _("Level 2: simple interdisciplinary collaboration")
    BROAD_COLLABORATION = 3, _("Level 3: broad interdisciplinary collaboration")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name=_("municipality")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.WONDER
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_cases",
        verbose_name=_("baton holder"),
    )
    holder_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_cases",
        verbose_name=_("baton holder's unit"),
    )
    units: models.ManyToManyField[Unit, CaseUnit] = models.ManyToManyField(
        Unit, through="CaseUnit", related_name="cases", verbose_name=_("participating units")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    # Set when the employee asks their leader to look; cleared by the decision.
    leader_review_requested_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Optimistic locking: a save names the version it read.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("relay log")
        verbose_name_plural = _("relay logs")
        ordering = ["-opened_at"]
        constraints = [
            # The baton is never dropped: an open case always has a holder.
            models.CheckConstraint(
                condition=Q(status="closed")
                | (Q(holder__isnull=False) & Q(holder_unit__isnull=False)),
                name="open_case_has_baton_holder",
                violation_error_message=_("An open relay log must have a baton holder."),
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "status"]),
            models.Index(fields=["child", "status"]),
        ]

    def __str__(self) -> str:
        return f"{_('Relay log')} {self.pk}"


class CaseUnit(models.Model):
    """A unit taking part in a case (the holder's unit is always one)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="case_units")
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        constraints = [models.UniqueConstraint(fields=["case", "unit"], name="unit_once_per_case")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.case})"


class Category(models.TextChoices):
    """What an observation or a lysglimt is about."""

    LANGUAGE = "language", _("Language")
    BEHAVIOUR = "behaviour", _("Behaviour")
    WELL_BEING = "well_being", _("Well-being")
    ABSENCE = "absence", _("Absence")
    HEALTH = "health", _("Health")
    CARE = "care", _("Care")


class EntryKind(models.TextChoices):
    CONCERN = "concern", _("Wondering or concern")
    OBSERVATION = "observation", _("Observation")
    BRIGHT_SPOT = "bright_spot", _("Bright spot")
    CONVERSATION = "conversation", _("Conversation")
    NOTE = "note", _("Note")
    LEADER_REVIEW = "leader_review", _("Asked the leader")
    LEADER_DECISION = "leader_decision", _("Leader's decision")
    MEASURE = "measure", _("Measure")
    EVALUATION = "evaluation", _("Evaluation")
    LEVEL_CHANGE = "level_change", _("Level change")
    UNIT_JOINED = "unit_joined", _("Unit joined")
    HANDOVER = "handover", _("Handover")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# What an employee writes by hand; the rest is written by the do_ functions.
WRITTEN_KINDS = (
    EntryKind.CONCERN,
    EntryKind.OBSERVATION,
    EntryKind.BRIGHT_SPOT,
    EntryKind.CONVERSATION,
    EntryKind.NOTE,
)


class ConversationWith(models.TextChoices):
    CHILD = "child", _("The child")
    GUARDIANS = "guardians", _("The guardians")
    CHILD_AND_GUARDIANS = "child_and_guardians", _("The child and the guardians")


class LeaderDecision(models.TextChoices):
    KEEP_WATCHING = "keep_watching", _("Keep watching and talk again (level 0)")
    MEASURES = "measures", _("Start measures in our own service (level 1)")
    COLLABORATE = "collaborate", _("Ask other services to join, with consent (level 2)")
    NO_CONCERN = "no_concern", _("No further concern: close")
    REPORT = "report", _("Report to child welfare")


class Entry(models.Model):
    """One line of the timeline. A single table keeps the timeline one query:
    typed fields per kind, empty where a kind does not use them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_entries",
        verbose_name=_("written by"),
    )
    author_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # When it was seen or happened (an observation from last Tuesday is written today).
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    # The employee's own words: what they saw, their assessment, the reason.
    text = models.TextField(_("text"), blank=True)
    categories = ArrayField(
        models.CharField(max_length=20, choices=Category.choices),
        blank=True,
        default=list,
        verbose_name=_("categories"),
    )
    # Conversations keep the child's and the guardians' own words apart.
    conversation_with = models.CharField(
        _("conversation with"), max_length=20, choices=ConversationWith.choices, blank=True
    )
    child_words = models.TextField(_("the child's own words"), blank=True)
    guardians_view = models.TextField(_("the guardians' view"), blank=True)
    leader_decision = models.CharField(
        _("decision"), max_length=20, choices=LeaderDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    level_from = models.PositiveSmallIntegerField(null=True, blank=True, choices=Level.choices)
    level_to = models.PositiveSmallIntegerField(null=True, blank=True, choices=Level.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        "Measure", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    evaluation = models.ForeignKey(
        "Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    handover = models.ForeignKey(
        "Handover", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    # The handover's state when this entry was written (offered, accepted, ...).
    handover_status = models.CharField(max_length=10, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "kind", "created_at"]),
            # A page of the timeline, newest first, without sorting the case's entries.
            models.Index(fields=["case", "created_at", "id"], name="entry_case_timeline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case_id})"

    @property
    def is_written(self) -> bool:
        return self.kind in WRITTEN_KINDS

    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories]


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


OPEN_MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.ACTIVE)


class Measure(models.Model):
    """A measure (tiltak) in the case's action plan (handlingsplan)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    goal = models.TextField(_("goal"))
    description = models.TextField(_("what we do"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responsible_measures",
        verbose_name=_("responsible person"),
    )
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    starts_on = models.DateField(_("start"))
    evaluate_on = models.DateField(_("evaluation date"))
    # Plain text until the catalogue of interventions can be linked.
    intervention = models.CharField(
        _("intervention from the catalogue"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # The evaluation date a reminder was last sent for, near and passed: one each.
    reminded_near_for = models.DateField(null=True, blank=True, editable=False)
    reminded_overdue_for = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["evaluate_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluate_on__gte=F("starts_on")),
                name="measure_evaluated_after_start",
                violation_error_message=_("The evaluation date cannot be before the start."),
            ),
        ]
        indexes = [models.Index(fields=["status", "evaluate_on"])]

    def __str__(self) -> str:
        return self.goal[:60]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MEASURE_STATUSES


class EvaluationResult(models.IntegerChoices):
    WORSE = 1, _("Worse")
    NO_CHANGE = 2, _("No change")
    SOMEWHAT_BETTER = 3, _("Somewhat better")
    MUCH_BETTER = 4, _("Much better")
    GOAL_REACHED = 5, _("Goal reached")


class EvaluationDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    ADJUST = "adjust", _("Adjust")
    CLOSE = "close", _("Close the measure")
    LEVEL_UP = "level_up", _("Move up a level")
    LEVEL_DOWN = "level_down", _("Move down a level")


class Evaluation(models.Model):
    """An evaluation of one measure, or of the whole action plan (measure empty)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("measure"),
    )
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("who took part"))
    child_took_part = models.BooleanField(_("the child took part"), default=False)
    guardians_took_part = models.BooleanField(_("the guardians took part"), default=False)
    child_view = models.TextField(_("the child's view"), blank=True)
    guardians_view = models.TextField(_("the guardians' view"), blank=True)
    result = models.PositiveSmallIntegerField(_("result"), choices=EvaluationResult.choices)
    decision = models.CharField(_("decision"), max_length=12, choices=EvaluationDecision.choices)
    notes = models.TextField(_("assessment"), blank=True)
    next_evaluate_on = models.DateField(_("next evaluation date"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} {self.get_decision_display()}"


class HandoverStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Handover(models.Model):
    """Passing the baton. The old holder stays responsible until the new one accepts."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_offered",
        verbose_name=_("new baton holder"),
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("new baton holder's unit")
    )
    message = models.TextField(_("message to the new baton holder"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.OFFERED
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    offered_at = models.DateTimeField(_("offered"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-offered_at", "-id"]
        constraints = [
            # One open offer at a time: the baton goes to one person.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="offered"),
                name="one_open_handover_per_case",
                violation_error_message=_("The baton has already been offered to someone."),
            ),
        ]
        indexes = [models.Index(fields=["to_user", "status"])]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user} ({self.get_status_display()})"
