"""Story S1 up to level 2, written through the same do_ functions as the pages.

Kari (Solsikken barnehage) worries about Emil (4): withdrawn, often hungry.
She opens a level-0 relay log, writes what she saw (and a bright spot),
asks her leader Berit, who decides on measures; talks with Emil's mother and
writes down what Emil says. Level 1: a measure with a goal, Kari responsible,
evaluated six weeks later with Emil and his mother: not enough, level 2.
Both guardians consent to the health station, PPT and the family centre
joining, and the three units join. The referral to the team comes with the
team issue.

Created once: when Emil already has a relay log, nothing is written.
"""

from __future__ import annotations

import datetime

from rodtrad.accounts.models import User
from rodtrad.cases import actions
from rodtrad.cases.models import (
    Case,
    EntryKind,
    EvaluationDecision,
    EvaluationResult,
    LeaderDecision,
    Level,
)
from rodtrad.consent.actions import do_register_consent
from rodtrad.consent.models import Decision, InformationCategory, Method, Purpose
from rodtrad.consent.rules import Answer
from rodtrad.organisation.models import Unit, UnitKind
from rodtrad.people.models import Child, Guardian


def load_s1_case(
    *,
    today: datetime.date,
    child: Child,
    mother: Guardian,
    father: Guardian,
    users: dict[str, User],
    units: dict[str, Unit],
    kindergarten: str,
    joining: tuple[str, ...],
) -> Case | None:
    if Case.objects.filter(child=child).exists():
        return None
    kari, berit = users["kari"], users["berit"]
    days = datetime.timedelta
    case = actions.do_open_case(
        actor=kari,
        child_id=child.pk,
        unit_id=units[kindergarten].pk,
        concern=(
            "Emil har vært mer stille og tilbaketrukket de siste ukene. Han trekker seg "
            "unna leken og spør ofte etter mat når han kommer om morgenen."
        ),
        occurred_on=today - days(70),
        categories=["well_being", "care"],
    )
    actions.do_add_entry(
        case.pk,
        actor=kari,
        kind=EntryKind.OBSERVATION,
        text="Emil spiste tre brødskiver før formiddagsmaten og sa at han ikke hadde fått frokost.",
        occurred_on=today - days(68),
        categories=["care", "health"],
    )
    actions.do_add_entry(
        case.pk,
        actor=kari,
        kind=EntryKind.BRIGHT_SPOT,
        text="Emil lo og lekte med Ali i sandkassa hele formiddagen.",
        occurred_on=today - days(66),
        categories=["well_being"],
    )
    actions.do_ask_leader(case.pk, actor=kari, text="Kan vi se på Emil sammen?")
    actions.do_record_leader_decision(
        case.pk,
        actor=berit,
        decision=LeaderDecision.MEASURES,
        text="Kari snakker med mor og lager en enkel handlingsplan i barnehagen.",
    )
    actions.do_add_entry(
        case.pk,
        actor=kari,
        kind=EntryKind.CONVERSATION,
        conversation_with="child_and_guardians",
        child_words="Jeg er sulten når jeg kommer i barnehagen. Jeg vil leke med Ali.",
        guardians_view=(
            "Mor forteller at morgenene er travle, og at Emil ofte ikke vil spise hjemme."
        ),
        text="Jeg vurderer at frokost i barnehagen og trygg lek kan hjelpe.",
        occurred_on=today - days(60),
    )
    case.refresh_from_db()
    actions.do_change_level(
        case.pk,
        actor=kari,
        level=Level.OWN_SERVICE,
        reason="Lederen har besluttet tiltak i egen tjeneste.",
        version=case.version,
    )
    measure = actions.do_add_measure(
        case.pk,
        actor=kari,
        goal="Emil spiser frokost i barnehagen og er med i lek hver dag.",
        description="Frokost sammen med en voksen når han kommer; lekegruppe med Ali.",
        responsible_id=kari.pk,
        responsible_unit_id=units[kindergarten].pk,
        starts_on=today - days(42),
        evaluate_on=today,
        intervention="Frokost i barnehagen",
    )
    actions.do_add_evaluation(
        case.pk,
        actor=kari,
        measure_id=measure.pk,
        held_on=today,
        participants="Emil, mor (Ingvild Solheim), Kari Lien",
        child_took_part=True,
        guardians_took_part=True,
        child_view="Det er godt med frokost. Jeg er fortsatt lei meg noen ganger.",
        guardians_view="Mor ser at Emil fortsatt er sliten og vil ha hjelp fra flere.",
        result=EvaluationResult.NO_CHANGE,
        decision=EvaluationDecision.LEVEL_UP,
        notes="Tiltaket i barnehagen er ikke nok. Vi ber om samarbeid med flere tjenester.",
    )
    measure.refresh_from_db()
    actions.do_update_measure(
        measure.pk, actor=kari, version=measure.version, evaluate_on=today + days(42)
    )
    do_register_consent(
        child.pk,
        actor=kari,
        purpose=Purpose.COLLABORATION,
        answers=[Answer(mother.pk, Decision.GIVEN), Answer(father.pk, Decision.GIVEN)],
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS, InformationCategory.HEALTH],
        method=Method.PAPER,
        unit_kinds=[UnitKind.HEALTH_STATION, UnitKind.PPT, UnitKind.FAMILY_SERVICE],
        case=case,
    )
    for name in joining:
        actions.do_add_case_unit(case.pk, actor=kari, unit_id=units[name].pk)
    return case
