"""What does audit logging add to a typical request?

Times N requests to pages that read a child's relay log – each writes one
audit event (hash-chained by a database trigger, its own commit) – with
`record()` as it is, and with `record()` patched to a no-op, interleaved in
rounds so that drift hits both variants alike. Prints p50/p95/mean per page
and variant and the overhead in per cent (budget: ≤ 10 %, DESIGN.md §7).

It runs against the server in DATABASE_URL, in a database of its own
(created with migrations, dropped afterwards; the audit log there is
prefilled so the chain's tail is not a toy). See benchmarks/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rodtrad \\
        .venv/bin/python benchmarks/audit_overhead.py --requests 2000
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rodtrad.settings")
os.environ.setdefault("RODTRAD_MANIFEST_STATIC", "false")


def birth_number(day: int, month: int, year: int) -> str:
    """A valid fødselsnummer for the date (the first individual number that works)."""
    for individual in range(500, 1000):
        base = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
        digits = [int(d) for d in base]
        k1 = (
            11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits, strict=True)) % 11
        ) % 11
        if k1 == 10:
            continue
        digits.append(k1)
        k2 = (
            11
            - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        ) % 11
        if k2 != 10:
            return f"{base}{k1}{k2}"
    raise AssertionError("unreachable")


@dataclass
class Pages:
    """The pages measured, and who opens them (the baton holder)."""

    paths: dict[str, str]
    user: Any


def build_world(prefill: int) -> Pages:
    """A municipality, a kindergarten with Kari, Emil with two guardians, a
    level-2 relay log with the health station taking part under consent."""
    from django.db import connection
    from django.urls import Resolver404, resolve
    from django.utils import timezone

    from rodtrad.accounts.models import User
    from rodtrad.cases.models import Case, CaseUnit
    from rodtrad.consent.models import (
        Consent,
        ConsentParty,
        Decision,
        InformationCategory,
        Method,
        Purpose,
    )
    from rodtrad.organisation.models import Membership, Municipality, Unit, UnitKind
    from rodtrad.people.models import Child, Guardian, Guardianship, Relation

    melhus = Municipality.objects.create(number="5028", name="Melhus")
    kindergarten = Unit.objects.create(
        municipality=melhus, kind=UnitKind.KINDERGARTEN, name="Solsikken barnehage"
    )
    health = Unit.objects.create(
        municipality=melhus, kind=UnitKind.HEALTH_STATION, name="Melhus helsestasjon"
    )
    kari = User.objects.create_user(username="kari", first_name="Kari", last_name="Holder")
    Membership.objects.create(user=kari, unit=kindergarten)
    child = Child.objects.create(
        municipality=melhus,
        identity_number=birth_number(1, 1, 2020),
        given_name="Emil",
        family_name="Hansen",
        birth_date=datetime.date(2020, 1, 1),
    )
    parents = [
        Guardian.objects.create(municipality=melhus, given_name=name, family_name="Hansen")
        for name in ("Maria", "Jon")
    ]
    for parent, relation in zip(parents, (Relation.MOTHER, Relation.FATHER), strict=True):
        Guardianship.objects.create(child=child, guardian=parent, relation=relation)
    case = Case.objects.create(
        municipality=melhus, child=child, holder=kari, holder_unit=kindergarten, level=2
    )
    for unit in (kindergarten, health):
        CaseUnit.objects.create(case=case, unit=unit)
    today = timezone.localdate()
    consent = Consent.objects.create(
        municipality=melhus,
        child=child,
        purpose=Purpose.COLLABORATION,
        decision=Decision.GIVEN,
        categories=[InformationCategory.OBSERVATIONS_AND_PLANS],
        valid_from=today,
        valid_to=today + datetime.timedelta(days=365),
        method=Method.PAPER,
        documented_by=kari,
        complete=True,
    )
    consent.units.set([health])
    for parent in parents:
        ConsentParty.objects.create(consent=consent, guardian=parent, decision=Decision.GIVEN)
    if prefill:
        # Through the trigger, like every event: the chain is real.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO audit_auditevent (actor_id, action, object_type, object_id, "
                "child_id, municipality_id, reason, request_id, changes) "
                "SELECT %s, 'case.read', 'cases.case', %s, g %% 50000, %s, 'baton_holder', "
                "md5(g::text), '{}'::jsonb FROM generate_series(1, %s) AS g",
                [kari.pk, str(case.pk), melhus.pk, prefill],
            )
    paths = {
        "why": f"/saker/{case.pk}/tilgang/",
        "consents": f"/barn/{child.pk}/samtykke/",
    }
    try:
        if resolve(f"/saker/{case.pk}/").url_name == "detail":
            paths = {"case": f"/saker/{case.pk}/", **paths}
    except Resolver404:
        pass
    return Pages(paths=paths, user=kari)


class AuditSwitch:
    """Turns `record` into a no-op (and back) wherever it was imported by name,
    and opens a case with the policy's statement without its event (and back)."""

    def __init__(self) -> None:
        from rodtrad.audit import log
        from rodtrad.policy import cases

        self.original = log.record
        self.modules = [
            module
            for name, module in list(sys.modules.items())
            if name.startswith("rodtrad") and getattr(module, "record", None) is self.original
        ]
        self.case_statements = cases._CASE_SQL
        self.recorded = dict(self.case_statements)
        self.unrecorded = dict.fromkeys(self.recorded, self.case_statements[None])

    def set(self, enabled: bool) -> None:
        replacement = self.original if enabled else _no_record
        for module in self.modules:
            module.__dict__["record"] = replacement
        self.case_statements.update(self.recorded if enabled else self.unrecorded)


def _no_record(*args: Any, **kwargs: Any) -> None:
    return None


def summary(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": pct(0.95),
        "mean": statistics.fmean(ordered),
    }


def run_page(path: str, user: Any, requests: int, threads: int) -> dict[str, Any]:
    """Single client: on and off alternate request by request (in pairs whose
    order alternates too), so load from anything else on the machine falls on
    both alike. Several clients: alternating blocks of requests per variant."""
    from django.db import connections
    from django.test import Client

    switch = AuditSwitch()
    results: dict[str, list[float]] = {"on": [], "off": []}

    def timed(client: Client) -> float:
        started = time.perf_counter()
        status = client.get(path).status_code
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"{path}: unexpected status {status}")
        return elapsed

    def new_client() -> Client:
        client = Client()
        client.force_login(user)
        for _ in range(20):  # warm caches, templates, the connection
            client.get(path)
        return client

    try:
        if threads == 1:
            client = new_client()
            for pair in range(requests):
                order = (True, False) if pair % 2 == 0 else (False, True)
                for enabled in order:
                    switch.set(enabled)
                    results["on" if enabled else "off"].append(timed(client))
        else:
            blocks = 10
            for block in range(2 * blocks):
                enabled = block % 2 == 0
                switch.set(enabled)
                collected: list[float] = []

                def worker(out: list[float] = collected) -> None:
                    client = new_client()
                    out.extend(timed(client) for _ in range(requests // blocks // threads))
                    connections.close_all()

                pool = [threading.Thread(target=worker) for _ in range(threads)]
                for thread in pool:
                    thread.start()
                for thread in pool:
                    thread.join()
                results["on" if enabled else "off"].extend(collected)
    finally:
        switch.set(True)
    on, off = summary(results["on"]), summary(results["off"])
    return {
        "path": path,
        "on": on,
        "off": off,
        "added_ms_p50": on["p50"] - off["p50"],
        "overhead_p50_percent": 100 * (on["p50"] - off["p50"]) / off["p50"],
        "overhead_p95_percent": 100 * (on["p95"] - off["p95"]) / off["p95"],
        "overhead_mean_percent": 100 * (on["mean"] - off["mean"]) / off["mean"],
    }


def time_record_alone(user: Any, count: int) -> dict[str, float]:
    """The cost of one record() call on its own (one INSERT, one commit)."""
    from rodtrad.audit.log import record

    timings = []
    for _ in range(count):
        started = time.perf_counter()
        record("case.read", actor=user, child_id=1, reason="baton_holder")
        timings.append((time.perf_counter() - started) * 1000)
    return summary(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="per page and variant")
    parser.add_argument("--threads", type=int, default=1, help="concurrent clients")
    parser.add_argument("--prefill", type=int, default=200_000, help="audit events before")
    parser.add_argument(
        "--synchronous-commit",
        choices=["on", "off"],
        default="on",
        help="off shows how much of the cost is waiting for the WAL flush (not for production)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (see benchmarks/README.md).")

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's "testserver" host
    connection.settings_dict["TEST"]["NAME"] = f"rodtrad_bench_{os.getpid()}"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if args.synchronous_commit == "off":
            with connection.cursor() as cursor:
                name = connection.settings_dict["NAME"]
                cursor.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
            connection.close()
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            (synchronous_commit,) = cursor.fetchone() or ("?",)
            cursor.execute("SELECT version()")
            (version,) = cursor.fetchone() or ("?",)
        started = time.perf_counter()
        pages = build_world(args.prefill)
        print(f"PostgreSQL: {version.split(',')[0]}; synchronous_commit={synchronous_commit}")
        print(
            f"{args.prefill} audit events prefilled in {time.perf_counter() - started:.1f} s; "
            f"{args.requests} requests per page and variant, "
            f"{args.threads} thread(s), CPUs: {os.cpu_count()}"
        )
        results: dict[str, Any] = {
            "record_alone_ms": time_record_alone(pages.user, 500),
            "pages": {},
        }
        alone = results["record_alone_ms"]
        print(f"record() alone: p50 {alone['p50']:.2f} ms, p95 {alone['p95']:.2f} ms")
        print(f"{'page':<10} {'variant':<8} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
        for name, path in pages.paths.items():
            result = run_page(path, pages.user, args.requests, args.threads)
            results["pages"][name] = result
            for variant, label in (("off", "no audit"), ("on", "audit")):
                row = result[variant]
                print(
                    f"{name:<10} {label:<8} {row['p50']:8.2f} {row['p95']:8.2f} {row['mean']:8.2f}"
                )
            print(
                f"{name:<10} audit adds {result['added_ms_p50']:.2f} ms at p50: "
                f"{result['overhead_p50_percent']:+.1f} %, "
                f"p95 {result['overhead_p95_percent']:+.1f} %, "
                f"mean {result['overhead_mean_percent']:+.1f} %"
            )
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        from django.db import connections

        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
