"""Interdisciplinary teams, referrals to them, and meetings that end in action.

A team (lokalt tverrfaglig team, drøftingsteam, innsatsteam, ansvarsgruppe,
KFT ...) has a kind its municipality configures, members (employees, each
for a unit, and units that take part), a leader and a meeting rhythm. A case
is referred to a team with the family's consent for team discussion, or
anonymously; the team accepts, asks for more, or declines with a reason.

A meeting (for a team, or for one case: an ansvarsgruppe meeting) has
participants (employees, guardians, the child or youth) and an agenda. Its
minutes follow one template for the whole municipality: who was present, the
child's own view, the guardians' view, the assessment and the decisions.
Each decision names a responsible person and a date and becomes a measure in
the case's action plan when the meeting leader approves the minutes.
Afterwards the family rates the meeting.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rodtrad.cases.models import Case, Measure, MeasureStatus
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child, Guardian


class TeamLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual level (children and families)")
    SYSTEM = "system", _("System level (services and the municipality)")


class TeamKind(models.Model):
    """A kind of team as one municipality names and runs it."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="team_kinds",
        verbose_name=_("municipality"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(
        _("level"), max_length=10, choices=TeamLevel.choices, default=TeamLevel.INDIVIDUAL
    )
    # Defaults for new teams of the kind (each team can differ).
    allows_anonymous = models.BooleanField(_("cases may be discussed anonymously"), default=False)
    requires_tried_measures = models.BooleanField(
        _("measures must have been tried in the referrer's own service first"), default=False
    )

    class Meta:
        verbose_name = _("kind of team")
        verbose_name_plural = _("kinds of team")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="team_kind_code_unique"),
            models.UniqueConstraint(fields=["municipality", "name"], name="team_kind_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every other week")
    SEVERAL_MONTHLY = "several_monthly", _("2–4 times a month")
    MONTHLY = "monthly", _("Once a month")
    QUARTERLY = "quarterly", _("Four times a year")
    HALF_YEARLY = "half_yearly", _("Twice a year")
    AS_NEEDED = "as_needed", _("When needed")


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("municipality")
    )
    kind = models.ForeignKey(
        TeamKind, on_delete=models.PROTECT, related_name="teams", verbose_name=_("kind")
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"), max_length=10, choices=TeamLevel.choices, default=TeamLevel.INDIVIDUAL
    )
    purpose = models.TextField(_("purpose"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_teams",
        verbose_name=_("leader"),
    )
    # For an ansvarsgruppe: the one relay log it works for. Such a team is
    # seen by its members only, since its existence says something about a child.
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("relay log"),
    )
    employees_may_refer = models.BooleanField(_("employees may refer"), default=True)
    # The citizen portal comes later; the flag says whether it will let them.
    citizens_may_refer = models.BooleanField(
        _("guardians and youth may contact the team directly"), default=False
    )
    requires_tried_measures = models.BooleanField(
        _("measures must have been tried in the referrer's own service first"), default=False
    )
    allows_anonymous = models.BooleanField(_("cases may be discussed anonymously"), default=False)
    rhythm = models.CharField(
        _("meeting rhythm"), max_length=20, choices=Rhythm.choices, default=Rhythm.MONTHLY
    )
    age_from = models.PositiveSmallIntegerField(_("target ages from"), default=0)
    age_to = models.PositiveSmallIntegerField(_("target ages to"), default=24)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_name_unique"),
            models.CheckConstraint(
                condition=Q(age_from__lte=F("age_to")),
                name="team_ages_in_order",
                violation_error_message=_("The lowest age cannot be above the highest."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class TeamMembership(models.Model):
    """An employee on the team for a unit, or a unit that takes part (its
    representative is called when needed). Only employees see referred cases,
    and only while they still work in the unit they sit on the team for."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("employee"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("unit")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(user__isnull=False),
                name="employee_once_per_team",
            ),
            models.UniqueConstraint(
                fields=["team", "unit"], condition=Q(user__isnull=True), name="unit_once_per_team"
            ),
        ]
        indexes = [models.Index(fields=["user", "team"])]

    def __str__(self) -> str:
        return f"{self.user or self.unit} ({self.team})"


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the team")
    MORE_INFO = "more_info", _("The team asks for more")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


# While a referral is one of these, the team works with the case.
OPEN_REFERRAL_STATUSES = (
    ReferralStatus.SUBMITTED,
    ReferralStatus.MORE_INFO,
    ReferralStatus.ACCEPTED,
)


class Referral(models.Model):
    """A case referred to a team (henvisning / innmelding)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="referrals"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("team")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("relay log")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_made",
        verbose_name=_("referred by"),
    )
    referred_by_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("from unit")
    )
    reason = models.TextField(_("what the team should help with"))
    tried = models.TextField(_("what has been tried in our own service"), blank=True)
    # Without consent: the team sees no name, number, birth date, address or school.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # The age when referred: an anonymous discussion says "a 15-year-old".
    age = models.PositiveSmallIntegerField(_("age"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SUBMITTED,
    )
    # The team's answer: what more it needs, or why it declines.
    answer = models.TextField(_("the team's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    linked_at = models.DateTimeField(_("linked with consent"), null=True, blank=True)
    created_at = models.DateTimeField(_("referred"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "case"],
                condition=Q(status__in=["submitted", "more_info", "accepted"]),
                name="one_open_referral_per_team_and_case",
                violation_error_message=_("The relay log is already referred to this team."),
            ),
        ]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["team", "status"]),
        ]

    def __str__(self) -> str:
        return f"{_('Referral')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A meeting of a team, or about one case (an ansvarsgruppe meeting)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="meetings"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("team"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("relay log"),
    )
    # Shown in invitations and calendars: never a child's name.
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_meetings",
        verbose_name=_("meeting leader"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The start time a reminder was sent for: one reminder per start time.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    # iCalendar SEQUENCE: raised when the time or place changes.
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(case__isnull=False),
                name="meeting_for_team_or_case",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["team", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title


class ParticipantKind(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    GUARDIAN = "guardian", _("Guardian")
    CHILD = "child", _("The child or youth")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("employee"),
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("guardian"),
    )
    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("child"),
    )
    # Families take part in the item about their own child only.
    agenda_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="family_participants",
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    present = models.BooleanField(_("present"), null=True, blank=True)
    minutes_sent_at = models.DateTimeField(_("minutes sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind="employee", user__isnull=False, guardian__isnull=True, child__isnull=True
                )
                | Q(kind="guardian", user__isnull=True, guardian__isnull=False, child__isnull=True)
                | Q(kind="child", user__isnull=True, guardian__isnull=True, child__isnull=False),
                name="participant_is_one_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="employee_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "guardian"],
                condition=Q(guardian__isnull=False),
                name="guardian_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "child"], condition=Q(child__isnull=False), name="child_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.guardian or self.child)

    @property
    def is_family(self) -> bool:
        return self.kind in (ParticipantKind.GUARDIAN, ParticipantKind.CHILD)


class AgendaItem(models.Model):
    """A point on the agenda: a referred case, a case (ansvarsgruppe) or a topic.
    Its minutes follow the municipality's one template."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    # A topic for system-level items; items about a case show a neutral label.
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("referral"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("relay log"),
    )
    # The minutes of this item (one template).
    child_view = models.TextField(_("the child's own view"), blank=True)
    guardians_view = models.TextField(_("the guardians' view"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.topic or f"{_('Item')} {self.position}"

    @property
    def anonymous(self) -> bool:
        """Discussed without identity: the referral was made without consent."""
        return self.referral is not None and self.referral.anonymous


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    notes = models.TextField(_("other notes"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{_('Minutes')} {self.meeting_id}"

    @property
    def approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class Decision(models.Model):
    """Who does what by when. Becomes a measure in the case's action plan."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("what is to be done"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="team_decisions",
        verbose_name=_("responsible person"),
    )
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    due_on = models.DateField(_("by"))
    measure = models.OneToOneField(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("measure"),
    )
    # For decisions that are not measures (system level, or not yet linked).
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_done(self) -> bool:
        if self.measure is not None:
            return self.measure.status in (MeasureStatus.COMPLETED, MeasureStatus.STOPPED)
        return self.done_at is not None


class Score(models.IntegerChoices):
    ONE = 1, "1"
    TWO = 2, "2"
    THREE = 3, "3"
    FOUR = 4, "4"
    FIVE = 5, "5"


class MeetingRating(models.Model):
    """The family's judgement of a meeting: was it useful, were they heard."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ratings")
    participant = models.OneToOneField(
        MeetingParticipant, on_delete=models.CASCADE, related_name="rating"
    )
    useful = models.PositiveSmallIntegerField(
        _("was the meeting useful?"),
        choices=Score.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    heard = models.PositiveSmallIntegerField(
        _("were you heard?"),
        choices=Score.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)
    # Citizens log in later; until then an employee records it on their behalf.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(useful__gte=1, useful__lte=5, heard__gte=1, heard__lte=5),
                name="rating_scores_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.useful}/{self.heard}"
