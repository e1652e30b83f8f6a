"""Who sees a child's relay log (stafettlogg), and why (DESIGN.md §5).

An employee sees a case only through a reason:
- they hold the baton (Reason.BATON_HOLDER);
- they lead the baton holder's unit, who anchors the decisions at level 0
  ("lederforankret beslutning") (Reason.HOLDER_UNIT_LEADER);
- they belong to a unit that takes part in the case and that a consent in
  force covers, for collaboration (Reason.CONSENTED_UNIT);
- they have broken the glass: emergency access with a written reason, not
  yet expired (Reason.EMERGENCY).
An employee who has been offered the baton (Reason.HANDOVER_OFFERED), and
still works in the unit it was offered to, may only answer the offer
(Action.ANSWER_HANDOVER): the offer page shows who the child is, the level
and the message, and nothing of the timeline until they accept.
A member of a team a case is referred to (Reason.TEAM_REFERRAL), while the
referral is open and the member still works in the unit they sit on the team
for, discusses it (Action.DISCUSS). With the family's consent for team
discussion covering that unit, and a referral not made anonymously, they
read and write the case like a consented unit; without, the access is
anonymous (CaseAccess.anonymous): the team's pages show the referral's text
and the child's age, never a name, number, birth date, address or school, and
the case's own pages and lists stay closed.
Child welfare's own legal basis joins this list with the issue that brings
reports. Every reason but the baton holder's
also needs a unit that serves the child's municipality (tenancy).

One query decides: `visible_cases` annotates each case with the reasons
that hold, and `case_access` reads the same annotations for one case, so
the list and the single page can never disagree.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rodtrad.access.models import EmergencyAccess
from rodtrad.audit.log import record
from rodtrad.cases.models import Case, CaseUnit, Handover, HandoverStatus
from rodtrad.consent.models import Consent, Purpose
from rodtrad.organisation.models import Membership, Role, Unit
from rodtrad.people.models import Child, Enrolment
from rodtrad.policy.registers import NotFound, administered_municipality_ids
from rodtrad.teams.models import OPEN_REFERRAL_STATUSES, Referral, TeamMembership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from rodtrad.accounts.models import User

    Actor = User | AnonymousUser


class Reason(enum.StrEnum):
    BATON_HOLDER = "baton_holder"
    HOLDER_UNIT_LEADER = "holder_unit_leader"
    CONSENTED_UNIT = "consented_unit"
    EMERGENCY = "emergency"
    HANDOVER_OFFERED = "handover_offered"
    TEAM_REFERRAL = "team_referral"


REASON_EXPLANATIONS: dict[Reason, StrOrPromise] = {
    Reason.BATON_HOLDER: _("You hold the baton for this relay log."),
    Reason.HOLDER_UNIT_LEADER: _("You lead the unit of the baton holder."),
    Reason.CONSENTED_UNIT: _(
        "Your unit takes part in this relay log, and the family's consent covers your unit."
    ),
    Reason.EMERGENCY: _("You have emergency access with a written reason, until it expires."),
    Reason.HANDOVER_OFFERED: _("You have been offered the baton for this relay log."),
    Reason.TEAM_REFERRAL: _(
        "The relay log is referred to a team you are a member of, and the family's consent "
        "for team discussion covers your unit."
    ),
}


class Action(enum.StrEnum):
    READ = "case.read"  # open the case and its timeline
    WRITE = "case.write"  # add entries, measures and evaluations
    MANAGE = "case.manage"  # change level, hand over, close and reopen
    ANSWER_HANDOVER = "case.answer_handover"  # accept or decline the baton offered to you
    DISCUSS = "case.discuss"  # the team's referral, agenda and minutes (maybe anonymously)


# Which reasons allow which actions. Emergency access reads; it does not write.
ALLOWED: dict[Action, frozenset[Reason]] = {
    Action.READ: frozenset(
        {
            Reason.BATON_HOLDER,
            Reason.HOLDER_UNIT_LEADER,
            Reason.CONSENTED_UNIT,
            Reason.EMERGENCY,
            Reason.TEAM_REFERRAL,
        }
    ),
    Action.WRITE: frozenset(
        {
            Reason.BATON_HOLDER,
            Reason.HOLDER_UNIT_LEADER,
            Reason.CONSENTED_UNIT,
            Reason.TEAM_REFERRAL,
        }
    ),
    Action.MANAGE: frozenset({Reason.BATON_HOLDER}),
    Action.ANSWER_HANDOVER: frozenset({Reason.HANDOVER_OFFERED}),
}
# Whoever reads the case may follow its team discussions too.
ALLOWED[Action.DISCUSS] = ALLOWED[Action.READ]


@dataclass(frozen=True)
class CaseAccess:
    reasons: frozenset[Reason]
    # The team referral holds without the family's consent: it discusses only.
    team_without_consent: bool = False

    @property
    def reason(self) -> Reason:
        """The strongest reason, for the audit log."""
        return min(self.reasons, key=list(Reason).index)

    def _effective(self, action: Action) -> frozenset[Reason]:
        if self.team_without_consent and action is not Action.DISCUSS:
            return self.reasons - {Reason.TEAM_REFERRAL}
        return self.reasons

    def allows(self, action: Action) -> bool:
        return bool(self._effective(action) & ALLOWED[action])

    @property
    def anonymous(self) -> bool:
        """Discusses without knowing who: no name, number, birth date, address or school."""
        return self.allows(Action.DISCUSS) and not self.allows(Action.READ)

    def explanations(self) -> list[StrOrPromise]:
        return [REASON_EXPLANATIONS[r] for r in Reason if r in self.reasons]


def _active(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active)


def _memberships(actor: Actor) -> list[Membership]:
    """The actor's memberships (cached on the actor object for the request)."""
    if not _active(actor):
        return []
    cached: list[Membership] | None = getattr(actor, "_memberships", None)
    if cached is None:
        # Whether the actor sits on any team comes along: most employees do not, and
        # then the team reasons need no subqueries (they cost more to build than to run).
        seats = TeamMembership.objects.filter(user_id=OuterRef("user_id"))
        cached = list(
            Membership.objects.filter(user_id=actor.pk or 0).annotate(on_team=Exists(seats))
        )
        actor._memberships = cached  # type: ignore[union-attr]
    return cached


def _on_a_team(actor: Actor) -> bool:
    return any(getattr(m, "on_team", True) for m in _memberships(actor))


def member_unit_ids(actor: Actor) -> frozenset[int]:
    """The units the actor works in."""
    return frozenset(m.unit_id for m in _memberships(actor))


def served_municipality_ids(actor: Actor) -> frozenset[int]:
    """Municipalities served by the actor's units (an intermunicipal unit serves several)."""
    if not _active(actor):
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_served_municipality_ids", None)
    if cached is None:
        units = Unit.objects.filter(id__in=member_unit_ids(actor))
        cached = frozenset(units.values_list("municipality_id", flat=True)) | frozenset(
            m for m in units.values_list("serves", flat=True) if m is not None
        )
        actor._served_municipality_ids = cached  # type: ignore[union-attr]
    return cached


def _kind_array(ref: OuterRef) -> Func:
    return Func(
        ref, template="ARRAY[%(expressions)s]::varchar[]", output_field=ArrayField(CharField())
    )


def _consents_covering_case_unit(day: datetime.date) -> QuerySet[Consent]:
    """Consents in force that cover the outer CaseUnit's unit for its case."""
    return (
        Consent.objects.in_force(day)
        .filter(child=OuterRef("case__child"), purpose=Purpose.COLLABORATION)
        .filter(Q(case__isnull=True) | Q(case=OuterRef("case")))
        .filter(
            Q(units=OuterRef("unit")) | Q(unit_kinds__contains=_kind_array(OuterRef("unit__kind")))
        )
    )


def _team_memberships(actor: Actor) -> QuerySet[TeamMembership]:
    """The actor's seats on active teams with an open referral of the outer case,
    for a unit they still work in."""
    return TeamMembership.objects.filter(
        user_id=actor.pk or 0,
        unit_id__in=member_unit_ids(actor),
        team__active=True,
        team__referrals__case=OuterRef("pk"),
        team__referrals__status__in=OPEN_REFERRAL_STATUSES,
    )


def _consented_team_memberships(actor: Actor, day: datetime.date) -> QuerySet[TeamMembership]:
    """Seats whose unit a consent in force for team discussion covers, on a team
    the case was referred to with consent (not anonymously)."""
    covering = (
        Consent.objects.in_force(day)
        .filter(child=OuterRef(OuterRef("child")), purpose=Purpose.TEAM_DISCUSSION)
        .filter(Q(case__isnull=True) | Q(case=OuterRef(OuterRef("pk"))))
        .filter(
            Q(units=OuterRef("unit")) | Q(unit_kinds__contains=_kind_array(OuterRef("unit__kind")))
        )
    )
    return TeamMembership.objects.filter(
        user_id=actor.pk or 0,
        unit_id__in=member_unit_ids(actor),
        team__active=True,
        team__referrals__case=OuterRef("pk"),
        team__referrals__status__in=OPEN_REFERRAL_STATUSES,
        team__referrals__anonymous=False,
    ).filter(Exists(covering))


def _with_reasons(
    actor: Actor,
    *,
    now: datetime.datetime | None = None,
    offers: bool = False,
    teams_anonymous: bool = False,
) -> QuerySet[Case]:
    moment = now or timezone.now()
    day = timezone.localdate(moment)
    in_tenancy = Q(municipality_id__in=served_municipality_ids(actor))
    consented_units = CaseUnit.objects.filter(
        case=OuterRef("pk"), unit_id__in=member_unit_ids(actor)
    ).filter(Exists(_consents_covering_case_unit(day)))
    emergency = EmergencyAccess.objects.filter(
        actor_id=actor.pk, child=OuterRef("child"), granted_at__lte=moment, expires_at__gt=moment
    )
    led_units = [m.unit_id for m in _memberships(actor) if m.role == Role.LEADER]
    cases = Case.objects.all()
    if offers:
        # Only for one case: lists show what the actor may read, and an offer reads nothing.
        open_offer = Handover.objects.filter(
            case=OuterRef("pk"),
            to_user_id=actor.pk,
            to_unit_id__in=member_unit_ids(actor),
            status=HandoverStatus.OFFERED,
        )
        cases = cases.annotate(
            via_handover=ExpressionWrapper(Exists(open_offer), output_field=BooleanField())
        )
    on_a_team = _on_a_team(actor)
    if teams_anonymous:
        # Only for one case: lists show names, and an anonymous discussion shows none.
        cases = cases.annotate(
            via_team=ExpressionWrapper(
                in_tenancy & Exists(_team_memberships(actor)), output_field=BooleanField()
            )
            if on_a_team
            else Value(False)
        )
    return cases.annotate(
        via_team_consent=ExpressionWrapper(
            in_tenancy & Exists(_consented_team_memberships(actor, day)),
            output_field=BooleanField(),
        )
        if on_a_team
        else Value(False),
        via_holder=ExpressionWrapper(Q(holder_id=actor.pk), output_field=BooleanField()),
        via_leader=ExpressionWrapper(Q(holder_unit_id__in=led_units), output_field=BooleanField()),
        via_consent=ExpressionWrapper(
            in_tenancy & Exists(consented_units), output_field=BooleanField()
        ),
        via_emergency=ExpressionWrapper(
            in_tenancy & Exists(emergency), output_field=BooleanField()
        ),
    )


def _candidates(actor: Actor, moment: datetime.datetime) -> QuerySet[Any, Any]:
    """The ids of every case a reason could hold for: the actor's own and their led
    units' cases, cases their units take part in (for a child with a consent in
    force), cases of children they have emergency access to, cases referred to
    their teams. A superset: the reasons still decide. Each part is found by an
    index, so a list starts from the actor's few cases instead of testing the
    reasons on every case in the country."""
    led_units = [m.unit_id for m in _memberships(actor) if m.role == Role.LEADER]
    own = Case.objects.filter(Q(holder_id=actor.pk) | Q(holder_unit_id__in=led_units))
    # A unit takes part through a consent in force: only children who have one.
    consented = Consent.objects.in_force(timezone.localdate(moment)).filter(
        purpose=Purpose.COLLABORATION
    )
    in_units = CaseUnit.objects.filter(
        unit_id__in=member_unit_ids(actor), case__child_id__in=consented.values("child_id")
    )
    emergency = Case.objects.filter(
        child_id__in=EmergencyAccess.objects.filter(
            actor_id=actor.pk, expires_at__gt=moment
        ).values("child_id")
    )
    referred = Referral.objects.filter(team__memberships__user_id=actor.pk or 0)
    return (
        own.order_by()
        .values("pk")
        .union(
            in_units.order_by().values("case_id"),
            emergency.order_by().values("pk"),
            referred.order_by().values("case_id"),
            all=True,
        )
    )


def visible_cases(actor: Actor, *, now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Every case the actor may open, for lists and search."""
    if not _active(actor):
        return Case.objects.none()
    moment = now or timezone.now()
    return _with_reasons(actor, now=moment).filter(
        Q(pk__in=_candidates(actor, moment)),
        Q(via_holder=True)
        | Q(via_leader=True)
        | Q(via_consent=True)
        | Q(via_emergency=True)
        | Q(via_team_consent=True),
    )


def case_access(
    actor: Actor, case: Case, *, now: datetime.datetime | None = None
) -> CaseAccess | None:
    """Why the actor may see this case, or None."""
    if not _active(actor):
        return None
    row = (
        _with_reasons(actor, now=now, offers=True, teams_anonymous=True).filter(pk=case.pk).first()
    )
    if row is None:
        return None
    reasons = frozenset(
        reason
        for reason, annotation in (
            (Reason.BATON_HOLDER, "via_holder"),
            (Reason.HOLDER_UNIT_LEADER, "via_leader"),
            (Reason.CONSENTED_UNIT, "via_consent"),
            (Reason.EMERGENCY, "via_emergency"),
            (Reason.HANDOVER_OFFERED, "via_handover"),
            (Reason.TEAM_REFERRAL, "via_team"),
        )
        if getattr(row, annotation)
    )
    consented: bool = row.via_team_consent  # type: ignore[attr-defined]
    without_consent = Reason.TEAM_REFERRAL in reasons and not consented
    return CaseAccess(reasons, team_without_consent=without_consent) if reasons else None


def can(actor: Actor, action: Action, case: Case, *, now: datetime.datetime | None = None) -> bool:
    access = case_access(actor, case, now=now)
    return access is not None and access.allows(action)


def get_case_for(
    actor: Actor,
    case_id: int,
    action: Action = Action.READ,
    *,
    now: datetime.datetime | None = None,
) -> tuple[Case, CaseAccess]:
    """Fetch and authorise, and write the audit event either way: an allowed
    opening with its reason, a refused attempt as `case.denied` (the family
    sees attempts too). Raises NotFound when it does not exist or is refused."""
    case = (
        Case.objects.select_related("child", "municipality", "holder", "holder_unit")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(Case)
    access = case_access(actor, case, now=now)
    allowed = access is not None and access.allows(action)
    record(
        str(action) if allowed else "case.denied",
        actor=actor,
        obj=case,
        child_id=case.child_id,
        municipality_id=case.municipality_id,
        reason=str(access.reason) if access is not None and allowed else "",
        changes={} if allowed else {"attempted": str(action)},
    )
    if access is None or not allowed:
        raise NotFound(Case)
    return case, access


def visible_children(actor: Actor, *, on: datetime.date | None = None) -> QuerySet[Child]:
    """Children whose basic identity (name, birth date, unit) the actor may see:
    enrolled now in one of the actor's units, or the child of a case the actor
    may open. Nothing of any case comes with it."""
    if not _active(actor):
        return Child.objects.none()
    day = on or timezone.localdate()
    enrolled = Enrolment.objects.filter(
        unit_id__in=member_unit_ids(actor), starts_on__lte=day
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    # One list of candidate ids (enrolled, or with a visible case) lets the database
    # start from the actor's few children, not test every child in the country.
    with_case = visible_cases(actor).order_by().values("child_id")
    return Child.objects.filter(pk__in=enrolled.order_by().values("child_id").union(with_case))


def get_child_basic_for(actor: Actor, child_id: int) -> Child:
    child = visible_children(actor).select_related("municipality").filter(pk=child_id).first()
    if child is None:
        raise NotFound(Child)
    return child


def can_register_consent(actor: Actor, child: Child) -> bool:
    """Consent is registered (and withdrawn) by an employee who may see the child:
    the baton holder, or someone in a unit where the child is enrolled."""
    return visible_children(actor).filter(pk=child.pk).exists()


def can_view_access_log(actor: Actor, child: Child) -> bool:
    """A child's access log: the baton holder of one of the child's cases, a leader
    of the holder's unit, or an administrator of the child's municipality."""
    if not _active(actor):
        return False
    if child.municipality_id in administered_municipality_ids(actor):
        return True
    led_units = Membership.objects.filter(user_id=actor.pk or 0, role=Role.LEADER).values("unit_id")
    return (
        Case.objects.filter(child=child)
        .filter(Q(holder_id=actor.pk) | Q(holder_unit_id__in=led_units))
        .exists()
    )


def get_emergency_access_for(actor: Actor, grant_id: int) -> EmergencyAccess:
    """An emergency access is seen by the employee who broke the glass and by the
    leaders of the unit it was used in (they were told); nobody else."""
    if not _active(actor):
        raise NotFound(EmergencyAccess)
    grant = (
        EmergencyAccess.objects.select_related("actor", "unit", "child", "municipality")
        .filter(pk=grant_id)
        .first()
    )
    led_units = {m.unit_id for m in _memberships(actor) if m.role == Role.LEADER}
    if grant is None or (grant.actor_id != actor.pk and grant.unit_id not in led_units):
        raise NotFound(EmergencyAccess)
    return grant
