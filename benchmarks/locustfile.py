"""Employees at work, for `make bench` (benchmarks/run.py writes the plan and reads the result).

Twenty simulated employees each log in once as a generated employee (their
own relay logs, children and units) and then go through the phases of the
plan together, without pauses between requests (a closed loop: each employee
sends the next request when the last one is answered):

- `trivial`: GET /healthz/, the ceiling: a Django view without database;
- one phase per page, each page alone: its own throughput and latency (the
  statistics of reports of concern as a leader of a child welfare service:
  each employee also logs in once as one of them, in a second session);
- `mixed`: the working day's mix of reads and writes (weights in the plan);
- `trivial_end`: the trivial view again, to see how the machine's speed moved.

Each phase has a warm-up that is not measured; its measured window gives the
count, errors and latency of every request, kept whole (not locust's rounded
buckets) and written to the plan's `output` as JSON when the last phase ends.
The plan is named by RODTRAD_BENCH_PLAN.

    locust -f benchmarks/locustfile.py --headless -u 20 -r 20 --host http://127.0.0.1:8765
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["RODTRAD_BENCH_PLAN"]).read_text("utf-8"))
ENTRY_KINDS = ("observasjon", "notat", "lysglimt", "undring")
CATEGORIES = ("language", "behaviour", "well_being", "absence", "health", "care")
CASE_LINK = re.compile(rb'href="/saker/(\d+)/"')
# The statistics page's sentence with the number of reports in the period (bokmål or English).
REPORTS_COUNTED = re.compile(rb"(\d+) (?:meldinger|melding|reports|report) (?:mottatt|received)")


@dataclass
class Control:
    """Which phase runs, and the samples of the phase being measured."""

    phase: str | None = None
    measuring: bool = False
    logged_in: int = 0
    failed_logins: int = 0
    next_employee: int = 0
    # (page, milliseconds, failed) of the phase being measured
    samples: list[tuple[str, float, bool]] = field(default_factory=list)
    # "page: message" → how many, over every measured phase
    errors: dict[str, int] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)


CONTROL = Control()


@events.request.add_listener  # type: ignore[untyped-decorator]  # locust: add_listener is untyped
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    exception: BaseException | None = None,
    **kwargs: Any,
) -> None:
    if CONTROL.measuring:
        CONTROL.samples.append((name, response_time, exception is not None))
        if exception is not None:
            key = f"{name}: {str(exception)[:160]}"
            CONTROL.errors[key] = CONTROL.errors.get(key, 0) + 1


@events.test_start.add_listener  # type: ignore[untyped-decorator]  # locust: add_listener is untyped
def _start(environment: Environment, **kwargs: Any) -> None:
    gevent.spawn(_conduct, environment)


def _conduct(environment: Environment) -> None:
    """Wait for every employee to log in, run the phases, write the result, stop."""
    users = int(PLAN["users"])
    deadline = time.monotonic() + float(PLAN.get("login_timeout", 180))
    while CONTROL.logged_in + CONTROL.failed_logins < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    CONTROL.results = {
        "users": users,
        "logged_in": CONTROL.logged_in,
        "failed_logins": CONTROL.failed_logins,
        "phases": [],
    }
    if CONTROL.logged_in == users:
        for phase in PLAN["phases"]:
            CONTROL.results["phases"].append(_run_phase(phase))
    CONTROL.phase = None
    CONTROL.results["errors"] = CONTROL.errors
    Path(PLAN["output"]).write_text(json.dumps(CONTROL.results), "utf-8")
    if environment.runner is not None:
        environment.runner.quit()


def _run_phase(phase: dict[str, Any]) -> dict[str, Any]:
    # The employees' task: the phase's name, or the page it measures again.
    CONTROL.phase = phase.get("task", phase["name"])
    gevent.sleep(float(phase["warmup"]))
    CONTROL.samples = []
    CONTROL.measuring = True
    started, wall_start = time.monotonic(), time.time()
    gevent.sleep(float(phase["duration"]))
    CONTROL.measuring = False
    seconds = time.monotonic() - started
    samples, CONTROL.samples = CONTROL.samples, []
    return {
        "name": phase["name"],
        "seconds": seconds,
        "window": [wall_start, time.time()],
        "samples": samples,
    }


def _pick(rng: random.Random, phase: str) -> str:
    if phase != "mixed":
        return phase
    mix: dict[str, float] = PLAN["mix"]
    return rng.choices(list(mix), list(mix.values()))[0]


class Employee(FastHttpUser):
    wait_time = constant(0)
    # One connection per employee, like a browser tab that keeps its connection.
    concurrency = 1

    def on_start(self) -> None:
        employees = PLAN["employees"]
        index = CONTROL.next_employee
        CONTROL.next_employee += 1
        self.me: dict[str, Any] = employees[index % len(employees)]
        self.rng = random.Random(self.me["username"])  # noqa: S311 - choice of page, not a secret
        # A leader of a child welfare service, for the statistics (a session of their own).
        leaders = PLAN.get("leaders") or []
        self.leader: dict[str, Any] | None = None
        self.leader_client: FastHttpSession | None = None
        try:
            self._log_in(self.client, self.me["username"])
            if leaders:
                self.leader = leaders[index % len(leaders)]
                # The employee's client's timeouts: the session's own (5 s) ran out
                # while forty logins waited for their password hashes.
                self.leader_client = FastHttpSession(
                    base_url=self.host,
                    request_event=self.environment.events.request,
                    user=self,
                    concurrency=1,
                    network_timeout=self.network_timeout,
                    connection_timeout=self.connection_timeout,
                )
                self._log_in(self.leader_client, self.leader["username"])
        except Exception:
            CONTROL.failed_logins += 1
            raise
        CONTROL.logged_in += 1

    def _log_in(self, client: FastHttpSession, username: str) -> None:
        client.get("/logg-inn/", name="login_page")
        with client.post(
            "/logg-inn/",
            data={
                "username": username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self._csrf(client),
            },
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused: {response.status_code}")
                raise StopUser

    def _csrf(self, client: FastHttpSession | None = None) -> str:
        for cookie in (client or self.client).cookiejar:
            if cookie.name == "csrftoken" and cookie.value:
                return cookie.value
        raise StopUser  # no token: the login page did not answer

    @task
    def work(self) -> None:
        phase = CONTROL.phase
        if phase is None:
            gevent.sleep(0.05)
            return
        getattr(self, _pick(self.rng, phase))()

    # -- pages ----------------------------------------------------------------------------

    def _get(self, url: str, name: str, marker: bytes | None = None) -> bytes:
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            content = response.content or b""
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif marker is not None and marker not in content:
                response.failure("the page lacks what it should show")
        return content

    def _case(self) -> int:
        return int(self.rng.choice(self.me["cases"]))

    def trivial(self) -> None:
        self._get("/healthz/", "trivial", b"ok")

    def mine_saker(self) -> None:
        self._get("/", "mine_saker", b'href="/saker/')

    def case(self) -> None:
        self._get(f"/saker/{self._case()}/", "case", b"<h1")

    def case_timeline(self) -> None:
        self._get(f"/saker/{self._case()}/tidslinje/", "case_timeline", b'id="timeline"')

    def add_entry(self) -> None:
        case = self._case()
        kind = self.rng.choice(ENTRY_KINDS)
        with self.client.post(
            f"/saker/{case}/skriv/{kind}/",
            data={
                "csrfmiddlewaretoken": self._csrf(),
                "text": "Skrevet under lasttest: barnet virket glad og deltok i leken.",
                "occurred_on": time.strftime("%Y-%m-%d"),
                # Observations and bright spots need a category.
                "categories": self.rng.choice(CATEGORIES),
            },
            name="add_entry",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")

    def _search(self, query: str, name: str) -> None:
        with self.client.post(
            "/barn/sok/",
            data={"csrfmiddlewaretoken": self._csrf(), "q": query},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif b'href="/barn/' not in (response.content or b""):
                response.failure("the child was not found")

    def search_name(self) -> None:
        self._search(self.rng.choice(self.me["names"]), "search_name")

    def search_number(self) -> None:
        self._search(self.rng.choice(self.me["numbers"]), "search_number")

    def catalogue(self) -> None:
        self._get(PLAN["catalogue"], "catalogue", b"<h1")

    def team(self) -> None:
        # A member's page: it links to planning a meeting (and lists the team's work).
        self._get(self.rng.choice(self.me["teams"]), "team", b'/moter/ny/"')

    def statistics(self) -> None:
        # The leader's dashboard: the default period (the last twelve months and this
        # one), a whole year, or all three years; for a shared service one municipality.
        if self.leader is None or self.leader_client is None:
            raise StopUser  # run.py found no leaders: the plan has no statistics phase
        query = self.rng.choice(self.leader["queries"])
        with self.leader_client.get(
            "/meldinger/statistikk/" + query,
            name="statistics",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            content = response.content or b""
            counted = REPORTS_COUNTED.search(content)
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"status {response.status_code} {where}"[:80])
            elif counted is None or int(counted.group(1)) == 0 or b"<tfoot>" not in content:
                response.failure("the page lacks the figures it should show")
