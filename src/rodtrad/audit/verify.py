"""Checks the audit log's hash chains (one per lane) and names the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

FIRST_BROKEN_LINK = """
WITH chain AS (
    SELECT lane, position, id, hash, previous_hash,
        encode(sha256(convert_to(previous_hash || '|' || audit_event_payload(e), 'UTF8')), 'hex')
            AS expected_hash,
        lag(hash) OVER lane AS hash_before,
        lag(position) OVER lane AS position_before
    FROM audit_auditevent e
    WINDOW lane AS (PARTITION BY lane ORDER BY position)
)
SELECT lane, position, id,
    CASE
        WHEN position <> coalesce(position_before, 0) + 1 THEN 'missing'
        WHEN previous_hash <> coalesce(hash_before, '') THEN 'link'
        ELSE 'content'
    END
FROM chain
WHERE hash <> expected_hash
   OR previous_hash <> coalesce(hash_before, '')
   OR position <> coalesce(position_before, 0) + 1
ORDER BY lane, position
LIMIT 1
"""


@dataclass(frozen=True)
class BrokenLink:
    lane: int
    position: int
    event_id: int
    problem: str  # "missing" (an event before it was removed), "link" or "content"


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    broken: BrokenLink | None


def verify_chain() -> ChainReport:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        (count,) = cursor.fetchone() or (0,)
        cursor.execute(FIRST_BROKEN_LINK)
        row = cursor.fetchone()
    return ChainReport(count, BrokenLink(*row) if row else None)
