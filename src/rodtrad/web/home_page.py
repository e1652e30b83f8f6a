"""Mine saker's own part of the page (web.layout.page places it in the layout), made
in Python: in the template, some twenty {% translate %} tags and as many {% if %}s
cost ~1 500 Python calls a page, more than its fifty rows (home_rows). The markup
and the msgids are the template's own. The rows come escaped from home_rows; the
units' names are escaped here; translated literals are not, as {% translate %}
does not escape them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from rodtrad.core.links import link
from rodtrad.core.text import escaped
from rodtrad.policy.reports import SentReportLine
from rodtrad.policy.seats import Seat
from rodtrad.reports.sent_list import mine_saker_section


def _list_section(name: str, heading: str, items: str) -> str:
    if not items:
        return ""
    return f"""
    <section aria-labelledby="{name}-heading" class="rt-stack">
      <h2 class="ds-heading" data-size="sm" id="{name}-heading">{heading}</h2>
      <ul class="ds-list">
        {items}
      </ul>
    </section>"""


def _held(held: str) -> str:
    if not held:
        return f'<p class="ds-paragraph">{gettext("You have no cases yet.")}</p>'
    headings = "".join(
        f'<th scope="col">{text}</th>'
        for text in (gettext("Child"), gettext("Level"), gettext("Unit"), gettext("Opened"))
    )
    return f"""<div class="rt-table-wrap">
      <table class="ds-table" data-border>
        <caption class="ds-sr-only">{gettext("Relay logs where you hold the baton")}</caption>
        <thead><tr>{headings}</tr></thead>
        <tbody>
          {held}
        </tbody>
      </table>
      </div>"""


def _units(seats: Sequence[Seat]) -> str:
    if not seats:
        text = gettext("You are not a member of any unit. Ask your administrator.")
        return f'<p class="ds-paragraph">{text}</p>'
    items = "".join(
        f"\n        <li>{escaped(seat.unit_name)} ({escaped(seat.municipality_name)})"
        f" – {escaped(seat.role_label.lower())}</li>"
        for seat in seats
    )
    return f'<ul class="ds-list rt-units">{items}\n    </ul>'


def body(
    lists: Mapping[str, str],
    seats: Sequence[Seat],
    sent_reports: Sequence[SentReportLine] = (),
) -> SafeString:
    """The page below the layout: `lists` are home_rows' escaped items by list
    (handovers, awaiting_decision, overdue, due, held, others); the reporter's
    sent reports by reports.sent_list, only when there are any."""
    sent = mine_saker_section(sent_reports)
    new_case = (
        f'<a class="ds-button" data-variant="primary" href="{link("cases:new")}">'
        f"{gettext('New relay log')}</a>"
    )
    html = f"""
  <link rel="stylesheet" href="{static("cases/cases.css")}">
  <h1 class="ds-heading" data-size="lg">{gettext("My cases")}</h1>
  <p class="ds-paragraph">{new_case}</p>
{_list_section("handovers", gettext("Handovers waiting for you"), lists["handovers"])}
{_list_section("decision", gettext("Awaiting your decision"), lists["awaiting_decision"])}
{_list_section("overdue", gettext("Overdue evaluations"), lists["overdue"])}
{_list_section("due", gettext("Measures due for evaluation"), lists["due"])}
  <section aria-labelledby="held-heading" class="rt-stack">
    <h2 class="ds-heading" data-size="sm" id="held-heading">{gettext("You hold the baton")}</h2>
    {_held(lists["held"])}
  </section>
{_list_section("others", gettext("Relay logs you take part in"), lists["others"])}
  {sent}
  <h2 class="ds-heading" data-size="sm">{gettext("Your units")}</h2>
  {_units(seats)}
"""
    return mark_safe(html)  # noqa: S308 - the rows come escaped, the names are escaped above
