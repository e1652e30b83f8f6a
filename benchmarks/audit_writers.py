"""How many audit events per second can many connections write at once?

Each page that shows personal data writes one audit event in a commit of its
own, and the trigger that chains it holds its lane's lock until that commit
is on disk (rodtrad.audit.models). This starts 1, 2, 4, … writers, each on
its own connection as web workers have, each inserting events as fast as the
server takes them, and prints events per second and the p50/p95 time of one
insert with its commit. `--single-chain` makes every connection write to lane
0, as the log was before it had lanes (migration audit/0004), for comparison.

It runs against the server in DATABASE_URL, in a database of its own
(created with migrations, dropped afterwards). See benchmarks/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/audit_writers.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rodtrad.settings")

# What audit.log.record sends for a page's read event.
INSERT = """
INSERT INTO audit_auditevent (occurred_at, actor_id, action, object_type, object_id, child_id,
    municipality_id, reason, request_id, changes, position, previous_hash, hash)
VALUES (DEFAULT, NULL, 'case.read', 'cases.case', %s, NULL, NULL, 'baton_holder', '', '{}',
    NULL, '', '')
RETURNING id, occurred_at"""


def write_for(url: str, seconds: float, writers: int) -> dict[str, float]:
    """`writers` connections inserting for `seconds`: events/s and insert latency."""
    import psycopg

    timings: list[list[float]] = [[] for _ in range(writers)]
    start = threading.Barrier(writers + 1)

    def writer(mine: list[float]) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            start.wait()
            stop = time.monotonic() + seconds
            while (now := time.perf_counter()) and time.monotonic() < stop:
                conn.execute(INSERT, [str(len(mine))], prepare=True).fetchone()
                mine.append((time.perf_counter() - now) * 1000)

    threads = [threading.Thread(target=writer, args=(t,)) for t in timings]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    every = sorted(ms for mine in timings for ms in mine)
    return {
        "writers": writers,
        "events_per_second": len(every) / seconds,
        "p50_ms": statistics.median(every),
        "p95_ms": every[int(len(every) * 0.95) - 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per number of writers")
    parser.add_argument("--writers", default="1,2,4,8,16,32", help="comma-separated")
    parser.add_argument("--single-chain", action="store_true", help="every writer in lane 0")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (see benchmarks/README.md).")

    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = f"rodtrad_writers_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with connection.cursor() as cursor:
            if args.single_chain:
                cursor.execute("SELECT pg_get_functiondef('audit_event_chain'::regproc)")
                (laned,) = cursor.fetchone()
                cursor.execute(laned.replace("pg_backend_pid() % 64", "0"))
            cursor.execute("SHOW synchronous_commit")
            (synchronous_commit,) = cursor.fetchone()
        params = connection.get_connection_params()
        url = " ".join(f"{key}={value}" for key, value in params.items() if key in _CONNINFO)
        mode = "one chain (lane 0)" if args.single_chain else "lanes"
        print(f"{mode}; synchronous_commit={synchronous_commit}; CPUs: {os.cpu_count()}")
        print(f"{'writers':>7} {'events/s':>9} {'p50 ms':>7} {'p95 ms':>7}")
        results: list[dict[str, Any]] = []
        for writers in (int(n) for n in args.writers.split(",")):
            row = write_for(url, args.seconds, writers)
            results.append(row)
            print(
                f"{writers:>7} {row['events_per_second']:>9.0f} "
                f"{row['p50_ms']:>7.2f} {row['p95_ms']:>7.2f}"
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT lane) FROM audit_auditevent")
            (lanes,) = cursor.fetchone()
        print(f"lanes written: {lanes}")
        if args.json:
            args.json.write_text(json.dumps({"mode": mode, "results": results}, indent=2))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


_CONNINFO = {"dbname", "user", "password", "host", "port"}

if __name__ == "__main__":
    main()
