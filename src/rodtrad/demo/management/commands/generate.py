"""`rodtrad generate`: a large deterministic synthetic data set for benchmarks."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from rodtrad.demo.generator import (
    DEFAULT_CHILDREN,
    DEFAULT_MUNICIPALITIES,
    DEFAULT_SEED,
    EARLIEST_REFERENCE_YEAR,
    MAX_MUNICIPALITIES,
    Counts,
    GeneratedDataInUse,
    NothingGenerated,
    Plan,
    default_reference_date,
    generate,
    generate_consents,
    generate_reports,
    generate_teams,
    generated_municipalities,
)


def whole(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


def seconds(value: float) -> str:
    return formats.number_format(value, decimal_pos=1)


def table_label(key: str) -> str:
    labels = {
        "children": pgettext("generated rows", "children"),
        "guardians": pgettext("generated rows", "guardians"),
        "guardianships": pgettext("generated rows", "guardianships"),
        "families": pgettext("generated rows", "families"),
        "family_children": pgettext("generated rows", "children in families"),
        "family_adults": pgettext("generated rows", "adults in families"),
        "enrolments": pgettext("generated rows", "enrolments"),
        "employees": pgettext("generated rows", "employees"),
        "memberships": pgettext("generated rows", "memberships in units"),
        "cases": pgettext("generated rows", "relay logs"),
        "case_units": pgettext("generated rows", "participating units"),
        "measures": pgettext("generated rows", "measures"),
        "evaluations": pgettext("generated rows", "evaluations"),
        "entries": pgettext("generated rows", "timeline entries"),
        "team_kinds": pgettext("generated rows", "kinds of team"),
        "teams": pgettext("generated rows", "teams"),
        "team_memberships": pgettext("generated rows", "seats on teams"),
        "team_consents": pgettext("generated rows", "consents for team discussion"),
        "consent_parties": pgettext("generated rows", "answers to consents"),
        "referrals": pgettext("generated rows", "referrals to teams"),
        "meetings": pgettext("generated rows", "meetings"),
        "agenda_items": pgettext("generated rows", "agenda items"),
        "participants": pgettext("generated rows", "meeting participants"),
        "minutes": pgettext("generated rows", "minutes"),
        "decisions": pgettext("generated rows", "decisions"),
        "collaboration_consents": pgettext("generated rows", "consents for collaboration"),
        "consent_units": pgettext("generated rows", "units named in consents"),
        "reports": pgettext("generated rows", "reports of concern"),
        "status_changes": pgettext("generated rows", "status changes of reports"),
        "feedback": pgettext("generated rows", "feedback to reporters"),
        "reminders": pgettext("generated rows", "deadline reminders"),
        "consultations": pgettext("generated rows", "anonymous consultations"),
    }
    return labels[key]


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def iso_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# Steps whose progress line tells only how long they took.
TIMED_STEPS = {
    "people": gettext_noop("Made children, guardians and families in memory (%(seconds)s s)."),
    "deleted_teams": gettext_noop("Deleted the generated teams and their work (%(seconds)s s)."),
    "teamwork": gettext_noop("Decided the teams, referrals and meetings (%(seconds)s s)."),
    "deleted_consents": gettext_noop(
        "Deleted the generated consents for collaboration (%(seconds)s s)."
    ),
    "collaboration": gettext_noop("Decided the consents for collaboration (%(seconds)s s)."),
    "deleted_reports": gettext_noop(
        "Deleted the generated reports of concern and consultations (%(seconds)s s)."
    ),
    "reporting": gettext_noop(
        "Decided the reports of concern, their handling and the consultations (%(seconds)s s)."
    ),
    "casework": gettext_noop("Decided the relay logs, measures and evaluations (%(seconds)s s)."),
    "indexes": gettext_noop("Built the indexes and checked the references (%(seconds)s s)."),
    "analyze": gettext_noop("Updated the query planner's statistics (%(seconds)s s)."),
    "committed": gettext_noop("Committed; the database checked the references (%(seconds)s s)."),
}


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Generates a large synthetic data set for benchmarks: municipalities numbered "
            "8000–8999 with units, children, guardians, families, enrolments, employees, "
            "their relay logs with timelines, measures and evaluations, teams with "
            "referrals and meetings, the families' consents for collaboration, and reports "
            "of concern to child welfare with their handling and anonymous consultations. "
            "The same options give the same data. Refuses to run twice unless --replace is "
            "given, which first deletes the generated municipalities and everything in "
            "them; --teams-only replaces just the teams, --consents-only just the consents "
            "for collaboration, --reports-only just the reports and consultations."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children",
            type=positive,
            default=DEFAULT_CHILDREN,
            help=_("How many children (default %(default)s)."),
        )
        parser.add_argument(
            "--municipalities",
            type=positive,
            default=DEFAULT_MUNICIPALITIES,
            help=_(
                "How many municipalities, at most (default %(default)s; fewer for small "
                "data sets, at least 100 children each)."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("Seed for the random choices (default %(default)s)."),
        )
        parser.add_argument(
            "--reference-date",
            type=iso_date,
            default=None,
            help=_(
                "The day ages and enrolments refer to, YYYY-MM-DD (default: the first "
                "school day, 15 August, of the current school year)."
            ),
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            help=_(
                "The day the relay logs lead up to, YYYY-MM-DD: their entries end the day "
                "before, measures are due around it (default: today)."
            ),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Delete earlier generated data first."),
        )
        parser.add_argument(
            "--teams-only",
            action="store_true",
            help=_(
                "Replace only the teams, referrals, consents for team discussion and "
                "meetings of the data set already generated; the rest stays as it is."
            ),
        )
        parser.add_argument(
            "--consents-only",
            action="store_true",
            help=_(
                "Replace only the consents for collaboration of the data set already "
                "generated; the rest stays as it is."
            ),
        )
        parser.add_argument(
            "--reports-only",
            action="store_true",
            help=_(
                "Replace only the reports of concern to child welfare (with their handling) "
                "and the anonymous consultations of the data set already generated; the "
                "rest stays as it is."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["municipalities"] > MAX_MUNICIPALITIES:
            raise CommandError(
                _("At most %(count)s municipalities can be generated.")
                % {"count": MAX_MUNICIPALITIES}
            )
        today = timezone.localdate()
        reference = options["reference_date"] or default_reference_date(today)
        if reference > today:
            raise CommandError(_("The reference date cannot be in the future."))
        if reference.year < EARLIEST_REFERENCE_YEAR:
            raise CommandError(
                _("The reference date must be in %(year)s or later.")
                % {"year": EARLIEST_REFERENCE_YEAR}
            )
        parts = [options["teams_only"], options["consents_only"], options["reports_only"]]
        if sum(parts) > 1:
            raise CommandError(
                _("Give only one of --teams-only, --consents-only and --reports-only.")
            )
        if options["teams_only"]:
            self.teams_only(options["seed"], options["today"] or today)
            return
        if options["consents_only"]:
            self.consents_only(options["seed"], options["today"] or today)
            return
        if options["reports_only"]:
            self.reports_only(options["seed"], options["today"] or today)
            return
        if not options["replace"] and generated_municipalities().exists():
            raise CommandError(
                _(
                    "The database already holds generated data (municipality numbers "
                    "8000–8999). Run the command with --replace to delete it and "
                    "generate anew."
                )
            )
        plan = Plan(
            options["children"],
            options["municipalities"],
            options["seed"],
            reference,
            options["today"] or today,
        )
        self.stdout.write(
            _(
                "Generating %(children)s children in %(municipalities)s municipalities "
                "(seed %(seed)s, reference date %(date)s) …"
            )
            % {
                "children": whole(plan.children),
                "municipalities": whole(plan.municipality_count),
                "seed": plan.seed,
                "date": reference.isoformat(),
            }
        )
        started = time.perf_counter()
        try:
            counts = generate(plan, replace=options["replace"], report=self.progress)
        except GeneratedDataInUse as error:
            raise CommandError(
                _(
                    "Generated data cannot be deleted: other data protect it (%(error)s). "
                    "Delete those first."
                )
                % {"error": error}
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Done in %(seconds)s s.") % {"seconds": seconds(time.perf_counter() - started)}
            )
        )
        self.stdout.write(self.summary(counts))

    def teams_only(self, seed: int, today: datetime.date) -> None:
        self.replace_part(
            _("Replacing the teams of the generated data set …"),
            generate_teams,
            _("There is no generated data set. Run the command without --teams-only first."),
            self.team_summary,
            Plan(seed=seed, today=today),
        )

    def consents_only(self, seed: int, today: datetime.date) -> None:
        self.replace_part(
            _("Replacing the consents for collaboration of the generated data set …"),
            generate_consents,
            _("There is no generated data set. Run the command without --consents-only first."),
            self.consent_summary,
            Plan(seed=seed, today=today),
        )

    def reports_only(self, seed: int, today: datetime.date) -> None:
        self.replace_part(
            _("Replacing the reports of concern of the generated data set …"),
            generate_reports,
            _("There is no generated data set. Run the command without --reports-only first."),
            self.report_summary,
            Plan(seed=seed, today=today),
        )

    def replace_part(
        self,
        starting: str,
        generate: Callable[..., Counts],
        nothing_generated: str,
        summary: Callable[[Counts], str],
        plan: Plan,
    ) -> None:
        self.stdout.write(starting)
        started = time.perf_counter()
        try:
            counts = generate(plan, report=self.progress)
        except NothingGenerated as error:
            raise CommandError(nothing_generated) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Done in %(seconds)s s.") % {"seconds": seconds(time.perf_counter() - started)}
            )
        )
        self.stdout.write(summary(counts))

    def progress(self, event: str, values: dict[str, Any]) -> None:
        elapsed = seconds(values["seconds"])
        if event == "deleted":
            message = _(
                "Deleted %(count)s generated municipalities and their data (%(seconds)s s)."
            ) % {
                "count": whole(values["municipalities"]),
                "seconds": elapsed,
            }
        elif event == "units":
            message = _(
                "Created %(municipalities)s municipalities and %(units)s units (%(seconds)s s)."
            ) % {
                "municipalities": whole(values["municipalities"]),
                "units": whole(values["units"]),
                "seconds": elapsed,
            }
        elif event == "written":
            message = _("Wrote %(rows)s %(what)s (%(seconds)s s).") % {
                "rows": whole(values["rows"]),
                "what": table_label(values["what"]),
                "seconds": elapsed,
            }
        elif event in TIMED_STEPS:
            message = _(TIMED_STEPS[event]) % {"seconds": elapsed}
        else:
            message = event
        self.stdout.write("  " + message)

    def summary(self, counts: Counts) -> str:
        return (
            _(
                "%(municipalities)s municipalities, %(units)s units, %(children)s children, "
                "%(guardians)s guardians, %(guardianships)s guardianships, %(families)s "
                "families, %(enrolments)s enrolments, %(employees)s employees, %(cases)s relay "
                "logs (%(open_cases)s open), %(entries)s timeline entries, %(measures)s measures, "
                "%(evaluations)s evaluations."
            )
            % {name: whole(value) for name, value in vars(counts).items()}
            + " "
            + self.team_summary(counts)
            + " "
            + self.consent_summary(counts)
            + " "
            + self.report_summary(counts)
        )

    def team_summary(self, counts: Counts) -> str:
        return _(
            "%(teams)s teams, %(referrals)s referrals, %(meetings)s meetings, "
            "%(decisions)s decisions."
        ) % {name: whole(value) for name, value in vars(counts).items()}

    def consent_summary(self, counts: Counts) -> str:
        return _(
            "%(consents)s consents for collaboration, %(consents_in_force)s of them in force."
        ) % {name: whole(value) for name, value in vars(counts).items()}

    def report_summary(self, counts: Counts) -> str:
        return _(
            "%(reports)s reports of concern (%(open_reports)s still being handled), "
            "%(feedback)s feedback to reporters, %(consultations)s anonymous consultations."
        ) % {name: whole(value) for name, value in vars(counts).items()}
