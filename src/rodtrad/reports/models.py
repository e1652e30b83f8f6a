"""Reports of concern to child welfare (bekymringsmeldinger) and the feedback
the law promises the reporter (barnevernsloven § 13-2 and § 13-4).

A report goes from an employee to the child welfare unit that serves the
child's municipality. It needs no consent: the duty to report overrides
confidentiality. It may come from an open relay log and keeps the link, but
the link gives child welfare nothing of the case (rodtrad.policy.reports).

A consultation (anonym drøfting) is recorded without the child's identity:
the model has no field that could hold it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rodtrad.organisation.models import Municipality, Unit, UnitKind
from rodtrad.people.models import Child


class SourceKind(models.TextChoices):
    """Who reported, as the statistics count it (Skaun, Bærum: reports by source)."""

    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    HEALTH_STATION = "health_station", _("Health station")
    GP = "gp", _("General practitioner")
    POLICE = "police", _("Police")
    GUARDIANS = "guardians", _("Guardians")
    OTHERS = "others", _("Others")


SOURCE_BY_UNIT_KIND: dict[str, SourceKind] = {
    UnitKind.SCHOOL: SourceKind.SCHOOL,
    UnitKind.UPPER_SECONDARY: SourceKind.SCHOOL,
    UnitKind.KINDERGARTEN: SourceKind.KINDERGARTEN,
    UnitKind.HEALTH_STATION: SourceKind.HEALTH_STATION,
    UnitKind.GP: SourceKind.GP,
    UnitKind.POLICE: SourceKind.POLICE,
}


def source_kind_of(unit: Unit) -> SourceKind:
    return SOURCE_BY_UNIT_KIND.get(unit.kind, SourceKind.OTHERS)


# Why someone may open a report (rodtrad.policy.reports.ReportReason), in words.
ACCESS_EXPLANATIONS = {
    "receiving_unit": _("Your child welfare service received this report."),
    "reporter": _("You sent this report."),
    "reporter_unit_leader": _("You lead the unit the report was sent from."),
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    INVESTIGATION = "investigation", _("Investigation opened")
    CLOSED_WITHOUT_INVESTIGATION = "closed_without_investigation", _("Closed without investigation")
    CLOSED_AFTER_INVESTIGATION = "closed_after_investigation", _("Investigation ended, case closed")
    MEASURES = "measures", _("Investigation ended, measures")


# Where a report may go from each status. The review ends with a decision
# (investigate or close); an investigation ends with measures or closing.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset(
        {Status.UNDER_REVIEW, Status.INVESTIGATION, Status.CLOSED_WITHOUT_INVESTIGATION}
    ),
    Status.UNDER_REVIEW: frozenset({Status.INVESTIGATION, Status.CLOSED_WITHOUT_INVESTIGATION}),
    Status.INVESTIGATION: frozenset({Status.MEASURES, Status.CLOSED_AFTER_INVESTIGATION}),
    Status.CLOSED_WITHOUT_INVESTIGATION: frozenset(),
    Status.CLOSED_AFTER_INVESTIGATION: frozenset(),
    Status.MEASURES: frozenset(),
}
# Statuses that end the review: the decision whether to investigate is made.
REVIEW_DECIDED = frozenset(
    {
        Status.INVESTIGATION,
        Status.CLOSED_WITHOUT_INVESTIGATION,
        Status.CLOSED_AFTER_INVESTIGATION,
        Status.MEASURES,
    }
)
INVESTIGATION_ENDED = frozenset({Status.CLOSED_AFTER_INVESTIGATION, Status.MEASURES})
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.UNDER_REVIEW, Status.INVESTIGATION})


class GuardiansNotTold(models.TextChoices):
    """Why the guardians were not told about the report."""

    VIOLENCE_OR_ABUSE = "violence_or_abuse", _("Suspected violence or sexual abuse in the family")
    CHILD_AT_RISK = "child_at_risk", _("Telling them could put the child at risk")
    NOT_REACHED = "not_reached", _("We could not reach them")
    OTHER = "other", _("Other reason")


class ConcernReport(models.Model):
    # The child's municipality: the tenant.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="concern_reports",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="concern_reports", verbose_name=_("child")
    )
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="received_reports",
        verbose_name=_("child welfare service"),
    )
    # An employee's report: the reporter and their unit. A report child welfare
    # received otherwise (by phone or letter, from a parent, a neighbour, the
    # police) has neither: `received_from` says who, `registered_by` who wrote it in.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concern_reports",
        verbose_name=_("reporter"),
    )
    reporter_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_reports",
        verbose_name=_("reporter's unit"),
    )
    received_from = models.CharField(_("received from"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_reports",
        verbose_name=_("registered by"),
    )
    # Stored, not derived, so a unit that changes kind keeps its history.
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    # The relay log the report came from, if any. Child welfare does not see
    # the case through this link (rodtrad.policy.reports).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concern_reports",
        verbose_name=_("relay log"),
    )
    grounds = models.TextField(_("what you are concerned about"))
    observations = models.TextField(_("what you have observed, and when"))
    acute = models.BooleanField(_("acute"), default=False)
    guardians_told = models.BooleanField(_("the guardians have been told"))
    guardians_not_told_reason = models.CharField(
        _("why the guardians have not been told"),
        max_length=20,
        choices=GuardiansNotTold.choices,
        blank=True,
    )
    guardians_not_told_explanation = models.TextField(_("explanation"), blank=True)

    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_reports",
        verbose_name=_("case worker"),
    )
    received_at = models.DateTimeField(_("received"))
    reviewed_at = models.DateTimeField(_("review decided"), null=True, blank=True)
    investigation_ended_at = models.DateTimeField(_("investigation ended"), null=True, blank=True)
    first_feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    second_feedback_at = models.DateTimeField(_("second feedback given"), null=True, blank=True)
    # Deadlines, Europe/Oslo calendar dates (rodtrad.reports.deadlines).
    review_due_on = models.DateField(_("review due"))
    feedback_due_on = models.DateField(_("feedback due"))
    second_feedback_due_on = models.DateField(_("second feedback due"), null=True, blank=True)

    class Meta:
        verbose_name = _("report of concern")
        verbose_name_plural = _("reports of concern")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(guardians_told=True, guardians_not_told_reason="")
                | Q(guardians_told=False) & ~Q(guardians_not_told_reason=""),
                name="report_guardians_reason_iff_not_told",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    reporter__isnull=False,
                    reporter_unit__isnull=False,
                    registered_by__isnull=True,
                    received_from="",
                )
                | (
                    Q(reporter__isnull=True, reporter_unit__isnull=True)
                    & Q(registered_by__isnull=False)
                    & ~Q(received_from="")
                ),
                name="report_from_an_employee_or_registered",
            ),
        ]
        indexes = [
            models.Index(fields=["receiving_unit", "status"]),
            models.Index(fields=["reporter", "received_at"]),
            models.Index(fields=["municipality", "received_at"]),
            # The statistics: a service's reports of a period (with the one above,
            # for the municipalities a leader counts), 19 → 9 ms for a large one.
            models.Index(fields=["receiving_unit", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{_('Report of concern')} {self.pk}"


class StatusChange(models.Model):
    """Child welfare's own follow-up. The reporter never sees it."""

    report = models.ForeignKey(
        ConcernReport, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=32, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=32, choices=Status.choices)
    changed_at = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class FeedbackKind(models.TextChoices):
    FIRST = "first", _("Feedback: received, and whether an investigation was opened")
    SECOND = "second", _("Feedback: investigation ended, closed or followed up")


class Feedback(models.Model):
    """What the reporter is told, and all the reporter is told."""

    report = models.ForeignKey(ConcernReport, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("kind"), max_length=8, choices=FeedbackKind.choices)
    given_at = models.DateTimeField(_("given"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    # First feedback: was an investigation opened?
    investigation_opened = models.BooleanField(_("investigation opened"), null=True, blank=True)
    # Second feedback: was the case followed up with measures (or closed)?
    measures = models.BooleanField(_("followed up with measures"), null=True, blank=True)
    message = models.TextField(_("message to the reporter"), blank=True)

    class Meta:
        verbose_name = _("feedback to the reporter")
        verbose_name_plural = _("feedback to the reporter")
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="feedback_once_per_kind"),
            models.CheckConstraint(
                condition=Q(kind="first", investigation_opened__isnull=False, measures__isnull=True)
                | Q(kind="second", investigation_opened__isnull=True, measures__isnull=False),
                name="feedback_fields_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.report_id})"


class Deadline(models.TextChoices):
    REVIEW = "review", _("Review")
    FEEDBACK = "feedback", _("Feedback to the reporter")
    SECOND_FEEDBACK = "second_feedback", _("Second feedback to the reporter")


class ReminderStage(models.TextChoices):
    SOON = "soon", _("Deadline near")
    OVERDUE = "overdue", _("Deadline passed")


class DeadlineReminder(models.Model):
    """One reminder per report, deadline and stage, so a periodic job that
    runs again (or twice at once) never reminds twice."""

    report = models.ForeignKey(ConcernReport, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.CharField(max_length=16, choices=Deadline.choices)
    stage = models.CharField(max_length=8, choices=ReminderStage.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "deadline", "stage", "due_on"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.stage} ({self.report_id})"


class ConsultationOutcome(models.TextChoices):
    REPORT = "report", _("A report should be sent")
    NO_REPORT = "no_report", _("No report needed now")
    OTHER_HELP = "other_help", _("Other help was suggested")
    UNDECIDED = "undecided", _("Not decided yet")


class Consultation(models.Model):
    """An anonymous talk with child welfare about whether to report.

    There is no child, guardian or case here, and the texts refuse identity
    numbers (rodtrad.reports.actions): nothing in it identifies the child.
    """

    child_welfare_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("child welfare service"),
    )
    consulting_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="consultations_asked",
        verbose_name=_("your unit"),
    )
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("recorded by"),
    )
    held_on = models.DateField(_("date of the talk"))
    summary = models.TextField(_("what the concern was about, without identity"))
    advice = models.TextField(_("child welfare's advice"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ConsultationOutcome.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonymous consultation")
        verbose_name_plural = _("anonymous consultations")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["child_welfare_unit", "held_on"])]

    def __str__(self) -> str:
        return f"{_('Anonymous consultation')} {self.pk}"
