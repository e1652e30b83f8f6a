"""`make bench`: Rød tråd under load at national scale, beside its own ceiling.

1. A database: DATABASE_URL, or the embedded PostgreSQL in .pgdata/ (as `rodtrad`).
2. The data set: reused when the generated one is there and big enough,
   otherwise `rodtrad generate --replace` (200 000 children, or 20 000 with
   --small); the demo is loaded once for its catalogue of help.
3. The server as in production: `rodtrad serve` (granian, DEBUG off, manifest
   static files) on 127.0.0.1 with --workers × --threads (3 × 2 by default).
4. Locust, headless on loopback, with 20 employees of the data set who log in
   (and each also as a leader of a child welfare service, for its statistics)
   and run the phases of benchmarks/locustfile.py: the trivial view, each page
   alone, the mix, then the trivial view again (how far the machine's speed
   moved during the run). Meanwhile the web workers' memory is sampled.
5. The design's reference (DESIGN.md §7: a trivial Django view on two gunicorn
   workers, 3 400 req/s on the reference machine): the same trivial view on
   `gunicorn --workers 2` before the run, so a page's req/s can be read against
   the number the budget was written from too (--no-reference: skipped).
6. benchmarks/results/<date>-<mode>.json and .md: per page p50/p95/p99, req/s,
   errors and the ratio to the trivial view (and to the reference); the run's
   total req/s, errors, cores, workers and data set; the budget of DESIGN.md §7,
   held or not.

    .venv/bin/python benchmarks/run.py [--small] [--workers 2] [--duration 20]
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import psutil

CHECKOUT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = CHECKOUT / "benchmarks" / "results"
HOST = "127.0.0.1"  # loopback only, always
USERS = 20
FULL_CHILDREN = 200_000
SMALL_CHILDREN = 20_000
SEED = 2026

# Page → share of the working day's requests (the mixed phase).
MIX = {
    "mine_saker": 20,
    "case": 15,
    "case_timeline": 20,
    "add_entry": 8,
    "search_name": 8,
    "search_number": 6,
    "catalogue": 8,
    "team": 5,
}
# Pages measured alone only, not in the mix: a leader's dashboard is opened a few
# times a week, against the employees' hundreds of pages a day (BENCHMARKS.md).
ALONE_ONLY = ("statistics",)
PAGES = (*MIX, *ALONE_ONLY)
# DESIGN.md §7: p95 at 20 concurrent users, and a fifth of the trivial view's throughput.
MAIN_PAGES = ("mine_saker", "case", "case_timeline", "catalogue", "team")
SEARCH_PAGES = ("search_name", "search_number")
DASHBOARD_PAGES = ("statistics",)
MAIN_P95_MS = 150.0
SEARCH_P95_MS = 100.0
DASHBOARD_P95_MS = 500.0
MAIN_RATIO = 0.2
MIXED_RPS = 250.0
# DESIGN.md §7 wrote the ratio's number from "a trivial Django view ... with two
# gunicorn workers" (about 3 400 req/s there, so about 650 req/s for a main page).
REFERENCE_WORKERS = 2


class Phase(TypedDict):
    """One phase of the plan for benchmarks/locustfile.py."""

    name: str
    warmup: float
    duration: float
    # The employees' task, when it is not the phase's name (the trivial view again).
    task: NotRequired[str]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def rodtrad(*args: str, env: dict[str, str], quiet: bool = False) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([str(BIN / "rodtrad"), *args], env=env, check=True, stdout=out)  # noqa: S603


# -- the database and the data set -----------------------------------------------------------


def database_environment() -> dict[str, str]:
    """DATABASE_URL, or the embedded server (started here, stopped when we exit)."""
    sys.path.insert(0, str(CHECKOUT / "src"))
    from rodtrad.database import ensure_database_url

    ensure_database_url()
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "rodtrad.settings")
    return env


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rodtrad.settings")
    import django

    django.setup()


def data_set_size() -> dict[str, int]:
    from django.db import connection

    from rodtrad.accounts.models import User
    from rodtrad.cases.models import Case, Entry, Status
    from rodtrad.consent.models import Consent, Purpose
    from rodtrad.demo.casework import USERNAME_PATTERN
    from rodtrad.demo.generator import generated_municipalities
    from rodtrad.people.models import Child
    from rodtrad.reports.models import ConcernReport
    from rodtrad.teams.models import Referral, Team

    municipalities = generated_municipalities()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (size,) = cursor.fetchone()
    return {
        "municipalities": municipalities.count(),
        "children": Child.objects.filter(municipality__in=municipalities).count(),
        "employees": User.objects.filter(username__regex=USERNAME_PATTERN).count(),
        "cases": Case.objects.filter(municipality__in=municipalities).count(),
        "open_cases": Case.objects.filter(
            municipality__in=municipalities, status=Status.OPEN
        ).count(),
        "entries": Entry.objects.count(),
        # Without them the participating units see no case (the policy's consented unit).
        "consents_in_force": Consent.objects.in_force()
        .filter(municipality__in=municipalities, purpose=Purpose.COLLABORATION)
        .count(),
        "teams": Team.objects.filter(municipality__in=municipalities).count(),
        "referrals": Referral.objects.filter(municipality__in=municipalities).count(),
        # Reports of concern to child welfare: what the statistics page counts.
        "reports": ConcernReport.objects.filter(municipality__in=municipalities).count(),
        "database_mb": int(size) // (1024 * 1024),
    }


def tidy_database() -> None:
    """VACUUM (ANALYZE) before every run: statistics for the planner, and the dead
    rows and unvacuumed pages of the data set's writing and of earlier runs (their
    timeline entries, audit events and sessions) cleared. A server without
    autovacuum (some are set up so; this machine's is) would otherwise let them
    pile up from run to run: after ten runs the case page's PostgreSQL CPU had gone
    from 0.51 to 0.85 ms a request, and back to 0.59 after a VACUUM (BENCHMARKS.md)."""
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    log(f"VACUUM (ANALYZE) in {time.monotonic() - started:.1f} s")


def ensure_data_set(children: int, env: dict[str, str]) -> tuple[dict[str, int], float | None]:
    """Reuse the generated data set when it is big enough; generate it otherwise."""
    size = data_set_size()
    if size["children"] >= children and size["cases"] > 0 and size["employees"] > 0:
        if size["teams"] == 0:
            # Generated before teams were: add them (seconds), keep the rest.
            log("adding teams to the data set (rodtrad generate --teams-only) …")
            rodtrad("generate", "--teams-only", env=env)
            size = data_set_size()
        if size.get("consents_in_force", 0) == 0:
            # Generated before the consents for collaboration were: add them too.
            log("adding consents to the data set (rodtrad generate --consents-only) …")
            rodtrad("generate", "--consents-only", env=env)
            size = data_set_size()
        if size.get("reports", 0) == 0:
            # Generated before the reports of concern were: add them, for the statistics.
            log("adding reports of concern to the data set (rodtrad generate --reports-only) …")
            rodtrad("generate", "--reports-only", env=env)
            size = data_set_size()
        tidy_database()
        log(f"reusing the data set: {size}")
        return size, None
    log(f"generating {children} children with relay logs (rodtrad generate --replace) …")
    started = time.monotonic()
    rodtrad("generate", "--children", str(children), "--replace", env=env)
    seconds = time.monotonic() - started
    from django.db import connection

    connection.close()
    tidy_database()
    return data_set_size(), seconds


def ensure_catalogue(env: dict[str, str]) -> str:
    """The catalogue page of the municipality with the most public entries (the demo's)."""
    from django.db.models import Count

    from rodtrad.catalogue.models import Intervention

    def busiest() -> str | None:
        row = (
            Intervention.objects.public()
            .values("municipality__number")
            .annotate(n=Count("id"))
            .order_by("-n", "municipality__number")
            .first()
        )
        return None if row is None else str(row["municipality__number"])

    number = busiest()
    if number is None:
        log("no catalogue yet: loading the demo (rodtrad demo) for its catalogue of help")
        rodtrad("demo", env=env, quiet=True)
        number = busiest()
    if number is None:
        raise SystemExit("The demo loaded no catalogue.")
    return f"/hjelp/{number}/"


def choose_employees(count: int) -> list[dict[str, Any]]:
    """Generated employees who hold open relay logs and sit on a team, with the
    children they may find and the pages of their teams."""
    from django.db.models import Count, Exists, OuterRef, Q

    from rodtrad import policy
    from rodtrad.accounts.models import User
    from rodtrad.cases.models import Case, Status
    from rodtrad.demo.casework import USERNAME_PATTERN
    from rodtrad.teams.models import TeamMembership

    holders = list(
        User.objects.filter(username__regex=USERNAME_PATTERN)
        .filter(Exists(TeamMembership.objects.filter(user=OuterRef("pk"), team__active=True)))
        .annotate(n=Count("held_cases", filter=Q(held_cases__status=Status.OPEN)))
        .filter(n__gte=3)
        .order_by("username")
        .values_list("pk", flat=True)
    )
    if len(holders) < count:
        raise SystemExit(
            f"Only {len(holders)} generated employees hold three open relay logs and sit on "
            "a team (rodtrad generate --teams-only adds the teams to a data set without)."
        )
    chosen = random.Random(SEED).sample(holders, count)  # noqa: S311 - a sample, not a secret
    employees = []
    for user in User.objects.filter(pk__in=chosen).order_by("username"):
        cases = list(
            Case.objects.filter(holder=user, status=Status.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        children = list(
            policy.visible_children(user)
            .order_by("pk")
            .values_list("given_name", "family_name", "identity_number")[:40]
        )
        employees.append(
            {
                "username": user.username,
                "cases": cases,
                "names": [f"{given} {family}" for given, family, _ in children],
                "numbers": [number for *_, number in children if number],
                "teams": team_pages(user),
            }
        )
    return employees


def choose_leaders(count: int) -> list[dict[str, Any]]:
    """Leaders of the generated child welfare services, those with the most reports
    first (the heaviest statistics), with the queries each makes of the statistics
    page: the default period (the last twelve months and this one), last calendar
    year, all three years, and for a shared service one of its municipalities."""
    from django.db.models import Count
    from django.utils import timezone

    from rodtrad.demo.casework import USERNAME_PATTERN
    from rodtrad.organisation.models import Membership, Role, UnitKind

    leaders = (
        Membership.objects.filter(
            role=Role.LEADER,
            unit__kind=UnitKind.CHILD_WELFARE,
            user__username__regex=USERNAME_PATTERN,
            user__is_active=True,
        )
        .annotate(reports=Count("unit__received_reports"))
        .filter(reports__gt=0)
        .select_related("user", "unit")
        .order_by("-reports", "user__username")[:count]
    )
    today = timezone.localdate()
    last_year = today.year - 1
    periods = [
        "",
        f"?date_from={last_year}-01-01&date_to={last_year}-12-31",
        f"?date_from={today - datetime.timedelta(days=3 * 365)}&date_to={today}",
    ]
    chosen = []
    for seat in leaders:
        served = sorted(seat.unit.serves.values_list("number", flat=True))
        queries = periods + [f"?municipality={number}" for number in served[1:]]
        chosen.append({"username": seat.user.username, "queries": queries})
    return chosen


def team_pages(user: Any) -> list[str]:
    """The pages of the teams the employee sits on: what a member opens (incoming
    referrals, meetings, decisions), not the short page of someone else's team."""
    from django.urls import reverse

    from rodtrad.policy.teams import member_team_ids

    return [reverse("teams:detail", args=[pk]) for pk in sorted(member_team_ids(user))]


# -- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """`rodtrad serve` as in production, with its web workers' memory sampled; with
    `reference`, the design's reference instead: Django's WSGI application on
    gunicorn's synchronous workers."""

    def __init__(
        self,
        workers: int,
        env: dict[str, str],
        log_file: Path,
        threads: int = 1,
        *,
        reference: bool = False,
    ) -> None:
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.log = log_file.open("wb")
        serve = [
            str(BIN / "rodtrad"),
            "serve",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--no-background-worker",
        ]
        gunicorn = [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{self.port}",
            "rodtrad.wsgi:application",
        ]
        self.process = subprocess.Popen(  # noqa: S603
            gunicorn if reference else serve,
            env={
                **env,
                "DEBUG": "false",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": HOST,
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.peak_rss: dict[int, int] = defaultdict(int)
        # (time, CPU seconds so far of: the web workers, the whole machine busy,
        # PostgreSQL's processes, locust)
        self.cpu: list[tuple[float, float, float, float, float]] = []
        self._worker_cpu: dict[int, float] = {}
        self.sampling = False
        self._sampler: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The server stopped (see {self.log.name}).")
            try:
                with urllib.request.urlopen(self.url + "/healthz/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"The server did not answer in {timeout} s (see {self.log.name}).")

    def web_workers(self) -> list[psutil.Process]:
        try:
            workers: list[psutil.Process] = psutil.Process(self.process.pid).children(
                recursive=True
            )
            return workers
        except psutil.NoSuchProcess:
            return []

    def start_sampling(self, interval: float = 0.25) -> None:
        self.sampling = True

        def sample() -> None:
            while self.sampling:
                for worker in self.web_workers():
                    try:
                        rss = worker.memory_info().rss
                        times = worker.cpu_times()
                    except psutil.Error:
                        continue
                    self.peak_rss[worker.pid] = max(self.peak_rss[worker.pid], rss)
                    self._worker_cpu[worker.pid] = times.user + times.system
                machine = psutil.cpu_times()
                busy = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
                database, load = others_cpu()
                self.cpu.append((time.time(), sum(self._worker_cpu.values()), busy, database, load))
                time.sleep(interval)

        self._sampler = threading.Thread(target=sample, daemon=True)
        self._sampler.start()

    def stop(self) -> None:
        self.sampling = False
        if self._sampler is not None:
            self._sampler.join()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# pid → CPU seconds last seen, for PostgreSQL's processes and locust: a backend that
# exits (a connection closed after its maximum age) keeps what it used.
_SEEN_DATABASE: dict[int, float] = {}
_SEEN_LOAD: dict[int, float] = {}


def others_cpu() -> tuple[float, float]:
    """CPU seconds so far of PostgreSQL's processes and of locust on this machine: where
    the two cores went besides the web workers (0 for what cannot be seen)."""
    for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        times = process.info["cpu_times"]
        if times is None:
            continue
        if process.info["name"] == "postgres":
            _SEEN_DATABASE[process.pid] = times.user + times.system
        elif any("locust" in part for part in process.info["cmdline"] or ()):
            _SEEN_LOAD[process.pid] = times.user + times.system
    return sum(_SEEN_DATABASE.values()), sum(_SEEN_LOAD.values())


# -- one run -----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: a value that was measured)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def cpu_in(server: Server, window: list[float], requests: int) -> dict[str, float | None]:
    """The web workers' CPU per request in a phase, and how busy the whole machine was
    (other work on a shared machine takes CPU from the server: this tells how much)."""
    inside = [row for row in server.cpu if window[0] <= row[0] <= window[1]]
    if len(inside) < 2 or not requests:
        return {
            "worker_cpu_ms_per_request": None,
            "database_cpu_ms_per_request": None,
            "load_generator_cpu_ms_per_request": None,
            "machine_busy": None,
        }
    (t0, workers0, busy0, db0, load0), (t1, workers1, busy1, db1, load1) = inside[0], inside[-1]
    cores = os.cpu_count() or 1
    sampled = requests * (t1 - t0) / (window[1] - window[0])  # requests in the sampled span

    def per_request(seconds: float) -> float:
        return round(seconds * 1000 / sampled, 1)

    return {
        "worker_cpu_ms_per_request": per_request(workers1 - workers0),
        "database_cpu_ms_per_request": per_request(db1 - db0),
        "load_generator_cpu_ms_per_request": per_request(load1 - load0),
        "machine_busy": round((busy1 - busy0) / ((t1 - t0) * cores), 2),
    }


def summarise(samples: list[list[Any]], seconds: float) -> dict[str, dict[str, Any]]:
    by_page: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for name, milliseconds, failed in samples:
        by_page[name].append(float(milliseconds))
        errors[name] += int(bool(failed))
    return {
        name: {
            "requests": len(times),
            "rps": round(len(times) / seconds, 1),
            "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "errors": errors[name],
        }
        for name, times in sorted(by_page.items())
    }


def drive(
    server: Server,
    employees: list[dict[str, Any]],
    leaders: list[dict[str, Any]],
    catalogue: str,
    pages: list[str],
    *,
    warmup: float,
    duration: float,
    mixed_duration: float,
    work: Path,
    env: dict[str, str],
    only_mixed: bool = False,
    only_trivial: bool = False,
) -> dict[str, Any]:
    """Run locust through the phases; return its raw result."""
    # The reference's run keeps its files beside the main run's, in the same folder.
    tag = "-reference" if only_trivial else ""
    output = work / f"locust-result{tag}.json"
    phases: list[Phase] = [{"name": "trivial", "warmup": warmup, "duration": duration}]
    if not only_mixed and not only_trivial:
        phases += [{"name": page, "warmup": warmup, "duration": duration} for page in pages]
    if not only_trivial:
        phases.append({"name": "mixed", "warmup": warmup, "duration": mixed_duration})
        # The trivial view once more at the end: how far the machine's speed moved
        # during the run (a virtual machine's can move by a third within the hour).
        phases.append(
            {"name": "trivial_end", "task": "trivial", "warmup": warmup, "duration": duration}
        )
    plan = {
        "users": USERS,
        "password": generated_password(),
        "employees": employees,
        "leaders": leaders,
        "catalogue": catalogue,
        "phases": phases,
        # Pages outside the working day's mix alone (--pages statistics): those evenly.
        "mix": {page: weight for page, weight in MIX.items() if page in pages}
        or {page: 1 for page in pages},
        "output": str(output),
    }
    plan_file = work / f"plan{tag}.json"
    plan_file.write_text(json.dumps(plan), "utf-8")
    total = sum(p["warmup"] + p["duration"] for p in phases)
    command = [
        str(BIN / "locust"),
        "-f",
        str(CHECKOUT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--host",
        server.url,
        "--run-time",
        f"{int(total + 300)}s",  # a safety net: the locustfile stops itself
        "--stop-timeout",
        "10",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    log(f"locust: {USERS} employees, {len(phases)} phases, about {int(total)} s")
    locust_log_file = work / f"locust{tag}.log"
    with locust_log_file.open("wb") as locust_log:
        subprocess.run(  # noqa: S603
            command,
            env={**env, "RODTRAD_BENCH_PLAN": str(plan_file)},
            check=False,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
            timeout=total + 400,
        )
    if not output.exists():
        raise SystemExit(f"Locust wrote no result (see {locust_log_file}).")
    result: dict[str, Any] = json.loads(output.read_text("utf-8"))
    if result["logged_in"] != USERS:
        raise SystemExit(
            f"Only {result['logged_in']} of {USERS} employees could log in "
            f"(see {locust_log_file} and {server.log.name})."
        )
    return result


def _alone(server: Server, phase: dict[str, Any], page: str) -> dict[str, Any] | None:
    """One page's figures in a phase of its own, with the CPU spent meanwhile."""
    figures = summarise(phase["samples"], phase["seconds"]).get(page)
    if figures is not None:
        figures.update(cpu_in(server, phase["window"], figures["requests"]))
    return figures


def _trivial_at_the_end(
    server: Server, phase: dict[str, Any] | None, trivial: dict[str, Any]
) -> dict[str, Any] | None:
    """The trivial view measured again after the mix, with its req/s as a share of
    the first measurement's (`drift`: 1.0 when the machine kept its speed). The
    ratios stay against the first, measured before the pages."""
    end = None if phase is None else _alone(server, phase, "trivial")
    if end is not None:
        end["drift"] = round(end["rps"] / trivial["rps"], 3) if trivial["rps"] else None
    return end


def measure_reference(
    env: dict[str, str],
    employees: list[dict[str, Any]],
    catalogue: str,
    *,
    warmup: float,
    duration: float,
    work: Path,
) -> dict[str, Any] | None:
    """The trivial view on the design's reference server (REFERENCE_WORKERS gunicorn
    synchronous workers, the same application, settings and load)."""
    server = Server(REFERENCE_WORKERS, env, work / "reference.log", reference=True)
    try:
        server.wait_until_up()
        log(f"reference: gunicorn with {REFERENCE_WORKERS} workers at {server.url}")
        raw = drive(
            server,
            employees,
            [],
            catalogue,
            [],
            warmup=warmup,
            duration=duration,
            mixed_duration=0,
            work=work,
            env=env,
            only_trivial=True,
        )
    finally:
        server.stop()
    phase = raw["phases"][0]
    figures = summarise(phase["samples"], phase["seconds"]).get("trivial")
    if figures is not None:
        figures["server"] = f"gunicorn, {REFERENCE_WORKERS} synchronous workers"
    return figures


def generated_password() -> str:
    from rodtrad.demo.generator import GENERATED_PASSWORD

    return GENERATED_PASSWORD


def report(
    raw: dict[str, Any],
    server: Server,
    *,
    mode: str,
    data_set: dict[str, int],
    generation_seconds: float | None,
    load_before: tuple[float, float, float],
    reference: dict[str, Any] | None = None,
) -> dict[str, Any]:
    phases = {phase["name"]: phase for phase in raw["phases"]}
    trivial = _alone(server, phases.pop("trivial"), "trivial")
    if trivial is None:
        raise SystemExit("The trivial view was not measured (see the locust log).")
    trivial_end = _trivial_at_the_end(server, phases.pop("trivial_end", None), trivial)
    mixed_phase = phases.pop("mixed")
    mixed = summarise(mixed_phase["samples"], mixed_phase["seconds"])
    mixed_cpu = cpu_in(server, mixed_phase["window"], len(mixed_phase["samples"]))
    pages: dict[str, dict[str, Any]] = {}
    if not phases:  # --only-mixed: the pages as they did in the mix
        for name, page in mixed.items():
            pages[name] = {**page, "ratio_to_trivial": None, "mixed": page}
    for name, phase in phases.items():
        alone = _alone(server, phase, name)
        if alone is None:
            continue
        alone["ratio_to_trivial"] = round(alone["rps"] / trivial["rps"], 3)
        if reference is not None and reference["rps"]:
            alone["ratio_to_reference"] = round(alone["rps"] / reference["rps"], 3)
        alone["mixed"] = mixed.get(name, {})
        pages[name] = alone
    total_rps = round(sum(page["rps"] for page in mixed.values()), 1)
    total_errors = (
        trivial["errors"]
        + (trivial_end or {}).get("errors", 0)
        + sum(p["errors"] + p["mixed"].get("errors", 0) for p in pages.values())
    )
    workers = [
        {"pid": pid, "peak_rss_mb": round(rss / (1024 * 1024), 1)}
        for pid, rss in sorted(server.peak_rss.items())
    ]
    budget = check_budget(pages, total_rps, total_errors)
    return {
        "run": {
            "mode": mode,
            "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "total_rps": total_rps,
            "total_errors": total_errors,
            "cores": os.cpu_count(),
            "server": "granian",
            "workers": server.workers,
            "threads": server.threads,
            "users": USERS,
            "data_set": data_set,
            "data_generation_seconds": None
            if generation_seconds is None
            else round(generation_seconds, 1),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "commit": git_commit(),
            "phase_seconds": {p["name"]: round(p["seconds"], 1) for p in raw["phases"]},
        },
        "trivial": trivial,
        "trivial_end": trivial_end,
        "reference": reference,
        "pages": pages,
        "mixed": {"total_rps": total_rps, **mixed_cpu, "pages": mixed},
        "memory": {
            "workers": workers,
            "peak_rss_mb_max": max((w["peak_rss_mb"] for w in workers), default=0),
        },
        "budget": budget,
        "error_messages": raw.get("errors", {}),
    }


def check_budget(
    pages: dict[str, dict[str, Any]], total_rps: float, total_errors: int
) -> dict[str, Any]:
    failures: list[str] = []
    for name, page in pages.items():
        limit = (
            MAIN_P95_MS
            if name in MAIN_PAGES
            else SEARCH_P95_MS
            if name in SEARCH_PAGES
            else DASHBOARD_P95_MS
            if name in DASHBOARD_PAGES
            else None
        )
        if limit is None:
            continue
        for where, p95 in (("alone", page["p95_ms"]), ("mixed", page["mixed"].get("p95_ms"))):
            if p95 is not None and p95 > limit:
                failures.append(f"{name} p95 {p95} ms {where} > {limit:g} ms")
        ratio = page["ratio_to_trivial"]
        if name in MAIN_PAGES and ratio is not None and ratio < MAIN_RATIO:
            failures.append(
                f"{name} at {page['ratio_to_trivial']:.2f} of the trivial view < {MAIN_RATIO}"
            )
    if total_rps < MIXED_RPS:
        failures.append(f"mixed {total_rps} req/s < {MIXED_RPS:g}")
    if total_errors:
        failures.append(f"{total_errors} errors")
    return {
        "main_p95_ms": MAIN_P95_MS,
        "search_p95_ms": SEARCH_P95_MS,
        "dashboard_p95_ms": DASHBOARD_P95_MS,
        "main_ratio_to_trivial": MAIN_RATIO,
        "mixed_rps": MIXED_RPS,
        "held": not failures,
        "over": failures,
    }


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=CHECKOUT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _drift_text(end: dict[str, Any] | None) -> str:
    if not end:
        return ""
    return (
        f" Again after the mix: {end['rps']} req/s, {end['drift']:.2f} of the first"
        " (the machine's speed during the run)."
    )


def _reference_text(result: dict[str, Any]) -> list[str]:
    """The reference's line: its req/s, and the main pages' req/s against it."""
    reference = result.get("reference")
    if not reference:
        return []
    against = ", ".join(
        f"{name} {ratio_text(page.get('ratio_to_reference'))}"
        for name, page in result["pages"].items()
        if name in MAIN_PAGES
    )
    return [
        "",
        f"The design's reference (DESIGN.md §7: the same trivial view on {reference['server']}):"
        f" **{reference['rps']} req/s**, p50 {reference['p50_ms']} ms,"
        f" p95 {reference['p95_ms']} ms, {reference['errors']} errors."
        f" The main pages alone against it: {against}.",
    ]


def ratio_text(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.2f}"


def markdown(result: dict[str, Any]) -> str:
    run, trivial = result["run"], result["trivial"]
    data = run["data_set"]
    lines = [
        f"# Benchmark {run['started_at']} ({run['mode']})",
        "",
        f"{run['cores']} cores, {run['workers']} {run.get('server', 'gunicorn')} workers"
        f" × {run.get('threads', 1)} threads, {run['users']} employees, "
        f"commit {run['commit'] or '?'}; data set: {data['children']:,} children, "
        f"{data['open_cases']:,} open of {data['cases']:,} relay logs, "
        f"{data.get('consents_in_force', 0):,} consents for collaboration in force, "
        f"{data['entries']:,} timeline entries, {data['employees']:,} employees, "
        f"{data.get('teams', 0):,} teams with {data.get('referrals', 0):,} referrals, "
        f"{data.get('reports', 0):,} reports of concern "
        f"({data['database_mb']:,} MB). Load average before: "
        f"{', '.join(map(str, run['load_average_before']))}.",
        "",
        f"Trivial view (/healthz/): **{trivial['rps']} req/s**, p50 {trivial['p50_ms']} ms, "
        f"p95 {trivial['p95_ms']} ms, p99 {trivial['p99_ms']} ms, {trivial['errors']} errors; "
        f"{trivial.get('worker_cpu_ms_per_request')} ms of worker CPU per request, machine "
        f"busy {trivial.get('machine_busy')}.{_drift_text(result.get('trivial_end'))}",
        *_reference_text(result),
        "",
        "| page | alone req/s | ratio to trivial | p50 ms | p95 ms | p99 ms | errors "
        "| worker CPU ms/req | machine busy "
        "| in the mix req/s | mix p50 ms | mix p95 ms | mix p99 ms | mix errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, page in result["pages"].items():
        mixed = page["mixed"]
        lines.append(
            f"| {name} | {page['rps']} | {ratio_text(page['ratio_to_trivial'])} | {page['p50_ms']} "
            f"| {page['p95_ms']} | {page['p99_ms']} | {page['errors']} "
            f"| {page.get('worker_cpu_ms_per_request', '–')} | {page.get('machine_busy', '–')} "
            f"| {mixed.get('rps', '–')} | {mixed.get('p50_ms', '–')} | {mixed.get('p95_ms', '–')} "
            f"| {mixed.get('p99_ms', '–')} | {mixed.get('errors', '–')} |"
        )
    memory = ", ".join(f"{w['peak_rss_mb']} MB" for w in result["memory"]["workers"])
    budget = result["budget"]
    lines += [
        "",
        f"Mixed load: **{run['total_rps']} req/s** in total, {run['total_errors']} errors "
        f"in the whole run; CPU per request: {result['mixed'].get('worker_cpu_ms_per_request')}"
        f" ms in the web workers, {result['mixed'].get('database_cpu_ms_per_request')} ms in "
        f"PostgreSQL, {result['mixed'].get('load_generator_cpu_ms_per_request')} ms in locust;"
        f" machine busy {result['mixed'].get('machine_busy')}. "
        f"Peak memory (RSS) per web worker: {memory}.",
        "",
        "Budget (DESIGN.md §7): "
        + ("**held**." if budget["held"] else "**over**: " + "; ".join(budget["over"]) + "."),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick look: small data, short")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", "3")),
        help="web server workers (default 3, with 2 threads each: measured best, BENCHMARKS.md)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("BENCH_THREADS", "2")),
        help="threads per worker that run Django (granian's blocking threads)",
    )
    parser.add_argument(
        "--no-reference",
        dest="reference",
        action="store_false",
        help="skip the trivial view on the design's reference server (two gunicorn workers)",
    )
    parser.add_argument("--duration", type=float, help="measured seconds per page phase")
    parser.add_argument("--mixed-duration", type=float, help="measured seconds of the mix")
    parser.add_argument("--warmup", type=float, help="unmeasured seconds before each phase")
    parser.add_argument("--children", type=int, help="size of the data set")
    parser.add_argument("--pages", help="comma-separated pages (default: all there are)")
    parser.add_argument("--name", default="", help="a suffix for the result files")
    parser.add_argument(
        "--only-mixed",
        action="store_true",
        help="the trivial view and the mix only (to compare numbers of workers)",
    )
    args = parser.parse_args()
    mode = "small" if args.small else "full"
    children = args.children or (SMALL_CHILDREN if args.small else FULL_CHILDREN)
    warmup = args.warmup if args.warmup is not None else (2 if args.small else 5)
    duration = args.duration or (5 if args.small else 20)
    mixed_duration = args.mixed_duration or (15 if args.small else 60)

    env = database_environment()
    log("migrating and collecting static files …")
    rodtrad("migrate", "--noinput", env=env, quiet=True)
    rodtrad("collectstatic", "--noinput", "--verbosity", "0", env=env)
    setup_django()
    data_set, generation_seconds = ensure_data_set(children, env)
    catalogue = ensure_catalogue(env)
    employees = choose_employees(USERS)
    pages = list(PAGES)
    if args.pages:
        pages = [page for page in args.pages.split(",") if page in pages]
    leaders = choose_leaders(USERS) if "statistics" in pages else []
    if "statistics" in pages and not leaders:
        raise SystemExit("No generated child welfare service has received reports of concern.")
    from django.db import connection

    connection.close()

    load_before = os.getloadavg()
    # The server's and locust's logs stay for a look afterwards (printed below).
    work = Path(tempfile.mkdtemp(prefix="rodtrad-bench-"))
    # The reference first, right before our own trivial view: a virtual machine's
    # speed can move within minutes, and the two are read against each other.
    reference = None
    if args.reference and not args.only_mixed:
        reference = measure_reference(
            env, employees, catalogue, warmup=warmup, duration=duration, work=work
        )
    server = Server(args.workers, env, work / "server.log", threads=args.threads)
    try:
        server.wait_until_up()
        log(f"server up at {server.url} with {args.workers} workers")
        server.start_sampling()
        raw = drive(
            server,
            employees,
            leaders,
            catalogue,
            pages,
            warmup=warmup,
            duration=duration,
            mixed_duration=mixed_duration,
            work=work,
            env=env,
            only_mixed=args.only_mixed,
        )
    finally:
        server.stop()
    result = report(
        raw,
        server,
        mode=mode,
        data_set=data_set,
        generation_seconds=generation_seconds,
        load_before=load_before,
        reference=reference,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.date.today().isoformat()}-{mode}" + (f"-{args.name}" if args.name else "")  # noqa: DTZ011
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    (RESULTS / f"{stem}.md").write_text(markdown(result), "utf-8")
    print(markdown(result))
    log(f"results: {RESULTS / stem}.json and .md; logs of the server and locust: {work}")


if __name__ == "__main__":
    main()
