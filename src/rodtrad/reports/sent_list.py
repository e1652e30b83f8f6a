"""The reports the employee sent, as "Mine saker" lists them, made in Python as
the rest of that page is (with the list's own queries, this part cost 10 of the
page's 19 ms of worker CPU: BENCHMARKS.md, eighth round). The same table as
reports/_sent_list.html on the reports' own page, from policy.reports_for_reporter."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from rodtrad.core.links import link
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
    rows = "".join(_row(line) for line in lines)
    return mark_safe(  # noqa: S308 - every text above and in _row is escaped
        '<section aria-labelledby="rt-sent-reports">'
        f'<h2 class="ds-heading" data-size="sm" id="rt-sent-reports">{title}</h2>'
        f'<table class="ds-table" data-border><caption class="ds-sr-only">{title}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="ds-paragraph"><a class="ds-link" href="{escape(link("reports:index"))}">'
        f"{escape(gettext('All reports to child welfare'))}</a></p></section>"
    )


def _row(line: SentReportLine) -> str:
    acute = (
        f' <span class="ds-tag" data-color="danger">{escape(gettext("Acute"))}</span>'
        if line.acute
        else ""
    )
    if line.last_feedback_at is not None:
        feedback = gettext("Feedback %(date)s") % {"date": _short(line.last_feedback_at)}
    else:
        feedback = gettext("Expected by %(date)s") % {
            "date": date_format(line.feedback_due_on, "SHORT_DATE_FORMAT")
        }
    detail = escape(link("reports:detail", line.pk))
    return (
        f"<tr><td>{_short(line.received_at)}</td>"
        f'<td><a class="ds-link" href="{detail}">{escape(line.child_name)}</a>{acute}</td>'
        f"<td>{escape(line.receiving_unit)}</td><td>{escape(feedback)}</td></tr>"
    )


def _short(moment: datetime.datetime) -> str:
    """A moment's local date, as the template's |date:"SHORT_DATE_FORMAT"."""
    return escape(date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT"))
