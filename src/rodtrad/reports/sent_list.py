"""The reports the employee sent, as "Mine saker" lists it, made in Python as
the rest of that page is (with the list's own queries, this part cost 10 of the
page's 19 ms of worker CPU: BENCHMARKS.md, eighth round). The same table as
reports/_sent_list.html on the reports' own page, from policy.reports_for_reporter.
The texts, the link pattern and the date format are looked up once per list,
not once per row."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape  # what Django's escape calls, without its lazy-text checks

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from rodtrad.core.dates import short_date_formatter
from rodtrad.core.links import link, link_pattern
from rodtrad.policy.reports import SentReportLine


def mine_saker_section(lines: Sequence[SentReportLine]) -> SafeString:
    """The section, or nothing when the employee has sent no report."""
    if not lines:
        return mark_safe("")
    title = escape(gettext("Your reports to child welfare"))
    head = "".join(
        f'<th scope="col">{escape(gettext(label))}</th>'
        for label in ("Sent", "Child", "To", "Feedback")
    )
    short = short_date_formatter()
    detail = link_pattern("reports:detail").format
    acute = f' <span class="ds-tag" data-color="danger">{escape(gettext("Acute"))}</span>'
    feedback_on, expected_by = gettext("Feedback %(date)s"), gettext("Expected by %(date)s")
    rows = []
    for line in lines:
        if line.last_feedback_at is not None:
            feedback = feedback_on % {"date": short(line.last_feedback_at)}
        else:
            feedback = expected_by % {"date": short(line.feedback_due_on)}
        rows.append(
            f"<tr><td>{escape(short(line.received_at))}</td>"
            f'<td><a class="ds-link" href="{escape(detail(line.pk))}">'
            f"{escape(line.child_name)}</a>{acute if line.acute else ''}</td>"
            f"<td>{escape(line.receiving_unit)}</td><td>{escape(feedback)}</td></tr>"
        )
    return mark_safe(  # noqa: S308 - every text above is escaped
        '<section aria-labelledby="rt-sent-reports">'
        f'<h2 class="ds-heading" data-size="sm" id="rt-sent-reports">{title}</h2>'
        f'<table class="ds-table" data-border><caption class="ds-sr-only">{title}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="ds-paragraph"><a class="ds-link" href="{escape(link("reports:index"))}">'
        f"{escape(gettext('All reports to child welfare'))}</a></p></section>"
    )
