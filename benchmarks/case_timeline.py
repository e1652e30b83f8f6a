"""p95 of the case timeline page (/saker/<id>/tidslinje/) for a case with 500 entries.

Builds a throwaway database (migrations) in the server named by DATABASE_URL,
writes one relay log with 500 timeline entries of every kind (observations,
bright spots, conversations, notes, measures, evaluations, level changes,
handovers), then requests the page N times in-process through the whole
middleware stack as the logged-in baton holder (each request also writes its
audit event) and prints p50/p95/mean. The page shows the newest 50 entries;
the same is measured for htmx "show more" of the last (oldest) page, so every
entry is within a fast request. The database is dropped afterwards.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rodtrad \\
        .venv/bin/python benchmarks/case_timeline.py --requests 200
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rodtrad.settings")
os.environ.setdefault("RODTRAD_MANIFEST_STATIC", "false")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--entries", type=int, default=500)
    args = parser.parse_args()

    from rodtrad.database import ensure_database_url

    ensure_database_url()
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    # Not setup_test_environment(): its instrumented template rendering would be timed too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        case_id, user = _build(args.entries)
        last_page = -(-args.entries // 50)
        runs = {
            "first page (newest 50)": _measure(case_id, user, args.requests, "", {}),
            f"show more, page {last_page} (htmx)": _measure(
                case_id,
                user,
                args.requests,
                f"?side={last_page}",
                {"HX-Request": "true", "HX-Target": "timeline-entries"},
            ),
        }
    finally:
        teardown_databases(old, verbosity=0)
    print(f"case timeline, {args.entries} entries, {args.requests} requests each (ms):")
    for name, timings in runs.items():
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"  {name}: p50 {statistics.median(timings):.1f}  p95 {p95:.1f}  "
            f"mean {statistics.mean(timings):.1f}  max {timings[-1]:.1f}"
        )


def _build(entries: int) -> tuple[int, object]:
    from django.utils import timezone

    from rodtrad.accounts.models import User
    from rodtrad.cases import actions
    from rodtrad.cases.models import Entry, EntryKind
    from rodtrad.organisation.models import Membership, Municipality, Role, Unit, UnitKind
    from rodtrad.people.models import Child, Enrolment

    today = timezone.localdate()
    municipality = Municipality.objects.create(number="8999", name="Benkvik")
    kindergarten = Unit.objects.create(
        municipality=municipality, kind=UnitKind.KINDERGARTEN, name="Benk barnehage"
    )
    school = Unit.objects.create(municipality=municipality, kind=UnitKind.SCHOOL, name="Benk skole")
    kari = User.objects.create_user(username="kari", password="x", first_name="Kari")
    leader = User.objects.create_user(username="berit", password="x", first_name="Berit")
    teacher = User.objects.create_user(username="tone", password="x", first_name="Tone")
    Membership.objects.create(user=kari, unit=kindergarten)
    Membership.objects.create(user=leader, unit=kindergarten, role=Role.LEADER)
    Membership.objects.create(user=teacher, unit=school)
    child = Child.objects.create(
        municipality=municipality,
        identity_number="01812150042",
        given_name="Emil",
        family_name="Benk",
        birth_date=datetime.date(2021, 1, 1),
    )
    Enrolment.objects.create(
        municipality=municipality, child=child, unit=kindergarten, starts_on=today
    )
    case = actions.do_open_case(
        actor=kari, child_id=child.pk, unit_id=kindergarten.pk, concern="Bekymring"
    )
    # Some entries through the do_ functions (measures, evaluations, levels, handovers) ...
    made = 1
    for i in range(10):
        measure = actions.do_add_measure(
            case.pk,
            actor=kari,
            goal=f"Mål {i}: Emil spiser frokost og leker med andre hver dag.",
            responsible_id=kari.pk,
            responsible_unit_id=kindergarten.pk,
            starts_on=today - datetime.timedelta(days=60),
            evaluate_on=today,
        )
        actions.do_add_evaluation(
            case.pk,
            actor=kari,
            measure_id=measure.pk,
            held_on=today,
            participants="Emil, mor, far, Kari",
            child_took_part=True,
            child_view="Det går bedre.",
            result=3,
            decision="continue",
            next_evaluate_on=today + datetime.timedelta(days=30),
        )
        handover = actions.do_offer_handover(
            case.pk, actor=kari, to_user_id=teacher.pk, to_unit_id=school.pk
        )
        actions.do_withdraw_handover(case.pk, handover.pk, actor=kari)
        made += 4
    # ... and the rest written by hand, of every kind an employee writes.
    kinds = [EntryKind.OBSERVATION, EntryKind.BRIGHT_SPOT, EntryKind.CONVERSATION, EntryKind.NOTE]
    rows = []
    for i in range(entries - made):
        kind = kinds[i % len(kinds)]
        rows.append(
            Entry(
                case=case,
                kind=kind,
                author=kari,
                author_unit=kindergarten,
                occurred_on=today - datetime.timedelta(days=i % 300),
                text="Emil var stille i samlingen og ville ikke spise lunsj. " * 3,
                categories=["well_being", "care"] if kind != EntryKind.NOTE else [],
                conversation_with="child_and_guardians" if kind == EntryKind.CONVERSATION else "",
                child_words="Jeg vil leke med Ali." if kind == EntryKind.CONVERSATION else "",
                guardians_view="Mor sier morgenene er travle."
                if kind == EntryKind.CONVERSATION
                else "",
            )
        )
    Entry.objects.bulk_create(rows)
    assert Entry.objects.filter(case=case).count() == entries
    return case.pk, kari


def _measure(
    case_id: int, user: object, requests: int, query: str, headers: dict[str, str]
) -> list[float]:
    from django.test import Client

    client = Client(headers=headers)
    client.force_login(user)  # type: ignore[arg-type]
    url = f"/saker/{case_id}/tidslinje/{query}"
    for _ in range(5):  # warm up: templates, translations, connections
        response = client.get(url)
        assert response.status_code == 200
        assert b'class="ds-card rt-entry"' in response.content
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return timings


if __name__ == "__main__":
    main()
