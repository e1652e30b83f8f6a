"""`rodtrad generate`: consents for collaboration (collaboration.py)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q, QuerySet

from rodtrad import policy
from rodtrad.cases.models import Case, CaseUnit, Status
from rodtrad.consent.models import Consent, Decision, Purpose
from rodtrad.consent.rules import Answer, is_complete, required_parties
from rodtrad.demo.generator import generated_municipalities
from rodtrad.organisation.models import Membership, Unit
from rodtrad.people.models import Guardianship
from tests.demo.generating import TODAY, generate

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


def consents_only() -> str:
    out = StringIO()
    call_command("generate", "--consents-only", today=TODAY, stdout=out)
    return out.getvalue()


def collaboration() -> QuerySet[Consent]:
    return Consent.objects.filter(
        municipality__in=generated_municipalities(), purpose=Purpose.COLLABORATION
    )


def shared_cases() -> list[Case]:
    """The generated relay logs in which more than one unit takes part."""
    return list(
        Case.objects.filter(municipality__in=generated_municipalities())
        .annotate(n=Count("case_units"))
        .filter(n__gt=1)
        .order_by("pk")
    )


def covers(consent: Consent, unit: Unit) -> bool:
    return unit.kind in consent.unit_kinds or consent.units.filter(pk=unit.pk).exists()


def consent_rows() -> list[tuple[object, ...]]:
    """Everything about the consents that does not depend on primary keys."""
    return sorted(
        (
            c.child.identity_number,
            c.case_id is not None,
            c.decision,
            tuple(c.unit_kinds),
            tuple(sorted(u.name for u in c.units.all())),
            tuple(c.categories),
            c.valid_from,
            c.valid_to,
            c.complete,
            c.withdrawn_at,
            tuple(sorted((p.guardian_id is None, p.decision) for p in c.parties.all())),
        )
        for c in collaboration().select_related("child").prefetch_related("units", "parties")
    )


def test_most_cases_with_more_than_one_unit_rest_on_a_consent_in_force() -> None:
    output = generate()
    cases = shared_cases()
    assert len(cases) >= 100
    in_force = Consent.objects.in_force(TODAY).filter(purpose=Purpose.COLLABORATION)
    held = 0
    for case in cases:
        consents = in_force.filter(child=case.child_id).filter(Q(case=None) | Q(case=case))
        units = [cu.unit for cu in CaseUnit.objects.filter(case=case).select_related("unit")]
        joined = [u for u in units if u.pk != case.holder_unit_id]
        # The services that joined are covered, by kind or by name.
        if consents and all(any(covers(c, u) for c in consents) for u in joined):
            held += 1
    assert 0.8 * len(cases) <= held <= 0.97 * len(cases)
    # Some lapsed, so the in-force check matters.
    assert collaboration().filter(withdrawn_at__isnull=False).exists()
    assert collaboration().filter(valid_to__lt=TODAY).exists()
    # Most for every relay log of the child, some for one; by kind, by name, or both.
    scoped = collaboration().filter(case__isnull=False).count()
    assert 0 < scoped < collaboration().count() / 2
    assert collaboration().filter(unit_kinds=[]).exists()
    assert collaboration().exclude(unit_kinds=[]).filter(units__isnull=False).exists()
    assert collaboration().exclude(unit_kinds=[]).filter(units__isnull=True).exists()
    # Only cases with more than one unit have one.
    shared = {c.pk for c in cases}
    assert set(collaboration().filter(case__isnull=False).values_list("case", flat=True)) <= (
        shared
    )
    assert "consents for collaboration" in output or "samtykker til samarbeid" in output


def test_answers_follow_the_consent_rules() -> None:
    generate(children=1000)
    consents = collaboration().select_related("child__municipality").prefetch_related("parties")
    assert consents.exists()
    youth = 0
    for consent in consents:
        answers = [Answer(p.guardian_id, Decision(p.decision)) for p in consent.parties.all()]
        required = required_parties(consent.child, consent.valid_from)
        assert consent.complete == is_complete(required, answers)
        guardians = set(
            Guardianship.objects.filter(child=consent.child).values_list("guardian_id", flat=True)
        )
        assert {a.guardian_id for a in answers} - {None} <= guardians
        if any(a.guardian_id is None for a in answers):
            youth += 1
            assert consent.child.age_on(consent.valid_from) >= 12
        assert Membership.objects.filter(
            user_id=consent.documented_by_id, unit__case_units__case__child=consent.child
        ).exists()
    assert youth > 0
    assert (
        consents.filter(complete=False).exists()
        or consents.filter(withdrawn_at__isnull=False).exists()
    )


def test_a_participating_units_employee_sees_the_case_through_the_consent() -> None:
    generate()
    in_force = Consent.objects.in_force(TODAY).filter(purpose=Purpose.COLLABORATION)
    seen = lapsed = 0
    for case in shared_cases():
        if case.status != Status.OPEN or case.holder_id is None:
            continue
        joined = CaseUnit.objects.filter(case=case).exclude(unit=case.holder_unit)[0]
        employee = (
            Membership.objects.filter(unit_id=joined.unit_id)
            .exclude(user_id=case.holder_id)
            .select_related("user")
            .order_by("pk")
            .last()
        )
        assert employee is not None
        consents = in_force.filter(child=case.child_id).filter(Q(case=None) | Q(case=case))
        access = policy.case_access(employee.user, case, now=NOW)
        visible = policy.visible_cases(employee.user, now=NOW).filter(pk=case.pk).exists()
        if any(covers(c, joined.unit) for c in consents):
            assert visible
            assert access is not None and policy.Reason.CONSENTED_UNIT in access.reasons
            seen += 1
        elif collaboration().filter(child=case.child_id).exists():
            # Withdrawn, expired or not complete: the service no longer sees the case.
            assert access is None or policy.Reason.CONSENTED_UNIT not in access.reasons
            lapsed += 1
        if seen >= 10 and lapsed >= 1:
            break
    assert seen >= 10 and lapsed >= 1


def test_consents_only_replaces_them_and_gives_the_same_again() -> None:
    generate(children=1000)
    first, cases = consent_rows(), Case.objects.count()
    team = Consent.objects.filter(purpose=Purpose.TEAM_DISCUSSION).count()
    output = consents_only()
    assert "consents for collaboration" in output or "samtykker til samarbeid" in output
    assert consent_rows() == first
    consents_only()
    assert consent_rows() == first
    assert Case.objects.count() == cases
    assert Consent.objects.filter(purpose=Purpose.TEAM_DISCUSSION).count() == team
    generate("--replace", children=1000)
    assert consent_rows() == first


def test_replace_and_consents_only_leave_the_demos_consent() -> None:
    call_command("demo", stdout=StringIO())
    demo = set(Consent.objects.filter(purpose=Purpose.COLLABORATION).values_list("pk", flat=True))
    assert demo
    generate(children=400)
    consents_only()
    generate("--replace", children=400)
    assert (
        set(
            Consent.objects.filter(purpose=Purpose.COLLABORATION)
            .exclude(municipality__in=generated_municipalities())
            .values_list("pk", flat=True)
        )
        == demo
    )


def test_consents_only_needs_a_generated_data_set() -> None:
    with pytest.raises(CommandError, match="--consents-only"):
        consents_only()


def test_teams_only_and_consents_only_do_not_go_together() -> None:
    with pytest.raises(CommandError, match="--consents-only"):
        call_command("generate", "--teams-only", "--consents-only", stdout=StringIO())
