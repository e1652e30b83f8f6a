"""`rodtrad audit verify`: is the audit log whole?"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rodtrad.audit.verify import verify_chain

PROBLEMS = {
    "missing": "en hendelse foran den mangler",
    "link": "den peker ikke på hendelsen foran",
    "content": "innholdet er endret etter at den ble skrevet",
}


class Command(BaseCommand):
    help = "Verify the audit log's hash chains; names the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.broken is not None:
            broken = report.broken
            raise CommandError(
                f"Revisjonsloggen er brutt ved hendelse {broken.event_id} "
                f"(nummer {broken.position} i kjede {broken.lane}): {PROBLEMS[broken.problem]}."
            )
        self.stdout.write(f"Revisjonsloggen er hel: {report.events_checked} hendelser kontrollert.")
