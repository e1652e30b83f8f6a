"""The case page and the timeline page as HTML, made in Python.

From templates, the case page's own part cost ~1 ms of CPU and the timeline's
~0.7 ms: some fifty {% translate %} tags, each a gettext that looks up the
active language first, and a hundred {% if %}s and variables. Here the texts
come from the language's catalogue, looked up once per page, and a page's part
costs a fifth of that. The markup and the msgids are the templates' ones: the views
place these sections in the layout (web.layout.page), and the cards are cards.py's.
Every value from the database is escaped here; translated literals are not, as
{% translate %} does not escape them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape  # what Django's escape calls, without its lazy-text checks
from typing import Any

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation.trans_real import translation

from rodtrad.cases import cards, queries
from rodtrad.cases.models import Case, Status
from rodtrad.core.links import link_pattern
from rodtrad.core.text import escaped, truncated
from rodtrad.policy import Action, CaseAccess

Gettext = Callable[[str], str]

_CURRENT = ' aria-current="page"'


def catalogue(language: str | None) -> Gettext:
    """gettext in `language`, the active one, without looking it up for each text."""
    return translation(language).gettext if language else gettext


def may_write(case: Case, access: CaseAccess) -> bool:
    """Whoever may write in the relay log, while it is open."""
    return access.allows(Action.WRITE) and case.status == Status.OPEN


@dataclass(frozen=True)
class Page:
    """What the sections of both pages need: the case, what the reader may do, the
    case's links (views._case_links) and the texts of the page's language."""

    case: Case
    access: CaseAccess
    can_write: bool
    can_manage: bool
    links: dict[str, str]
    gettext: Gettext
    texts: cards.Texts

    @classmethod
    def of(
        cls, case: Case, access: CaseAccess, links: dict[str, str], language: str | None
    ) -> Page:
        return cls(
            case=case,
            access=access,
            can_write=may_write(case, access),
            can_manage=access.allows(Action.MANAGE),
            links=links,
            gettext=catalogue(language),
            texts=cards.texts(language),
        )


def title(page: Page) -> str:
    """The page's title and heading: the name escaped as {% blocktranslate %} did."""
    return page.gettext("Relay log for %(name)s") % {"name": escape(page.case.child.full_name)}


def header(page: Page, *, current: str) -> str:
    """The top of both pages: the child, the level and status, the baton holder, and
    the links between the pages (`current`, "detail" or "timeline", is marked)."""
    case, links, _, texts = page.case, page.links, page.gettext, page.texts
    awaiting = ""
    if case.leader_review_requested_at:
        awaiting = f"""<li><span class="ds-tag" data-color="warning">{_("Awaiting the leader's decision")}</span></li>"""  # noqa: E501
    holder = escape(str(case.holder))
    if case.holder_unit:
        holder += f", {escape(case.holder_unit.name)}"
    return f"""<link rel="stylesheet" href="{links["stylesheet"]}">
<div class="rt-case-header">
  <p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{links["home"]}">{_("My cases")}</a></p>
  <h1 class="ds-heading" data-size="lg">{title(page)}</h1>
  <ul class="rt-tags" aria-label="{_("Status of the relay log")}">
    <li><span class="ds-tag" data-color="info">{escape(texts.levels.get(case.level, str(case.level)))}</span></li>
    <li><span class="ds-tag" data-color="{"success" if case.status == Status.OPEN else "neutral"}">{escape(texts.statuses.get(case.status, case.status))}</span></li>
    {awaiting}
  </ul>
  <dl class="rt-facts">
    <dt>{_("Born")}</dt><dd>{case.child.birth_date:%d.%m.%Y}</dd>
    <dt>{_("Baton holder")}</dt><dd>{holder}</dd>
    <dt>{_("Opened")}</dt><dd>{timezone.localtime(case.opened_at):%d.%m.%Y}</dd>
  </dl>
  <nav class="rt-case-nav" aria-label="{_("Relay log")}">
    <ul>
      <li><a class="ds-link" href="{links["detail"]}"{_CURRENT if current == "detail" else ""}>{_("Overview")}</a></li>
      <li><a class="ds-link" href="{links["timeline"]}"{_CURRENT if current == "timeline" else ""}>{_("Timeline")}</a></li>
      <li><a class="ds-link" href="{links["pdf"]}">{_("Print (PDF)")}</a></li>
    </ul>
  </nav>
</div>
"""  # noqa: E501 - a line per element, as in a template


# -- the case page ----------------------------------------------------------------------------


def detail(page: Page, found: queries.Panels, entries: str) -> str:
    """The case page's own part: the header, what the reader may write and do, the
    counts, the action plan and its evaluations, the units, the latest `entries`
    (cards.entries_html) and why the reader may see the case."""
    _, links = page.gettext, page.links
    overview = found.overview
    return "".join(
        (
            header(page, current="detail"),
            _open_handover(page, found.open_handover),
            _actions(page, offered=found.open_handover is not None),
            f"""
<h2 class="ds-heading" data-size="sm">{_("Worries and bright spots")}</h2>
<div class="rt-balance">
  <div class="ds-card" data-color="warning">
    <p class="ds-paragraph"><span class="rt-count">{overview.concerns}</span> {_("worries and observations")}</p>
    <p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{links["timeline"]}?kind=concern&amp;kind=observation">{_("See the worries")}</a></p>
  </div>
  <div class="ds-card" data-color="success">
    <p class="ds-paragraph"><span class="rt-count">{overview.bright_spots}</span> {_("bright spots")}</p>
    <p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{links["timeline"]}?kind=bright_spot">{_("See the bright spots")}</a></p>
  </div>
</div>
""",  # noqa: E501
            _plan(page, found.measures),
            _evaluations(page, found.evaluations),
            _units(page, found.units),
            f"""
<h2 class="ds-heading" data-size="sm">{_("Latest in the timeline")}</h2>
<ol class="rt-timeline">
{entries}
</ol>
<p class="ds-paragraph"><a class="ds-link" href="{links["timeline"]}">{_("See the whole timeline")}</a></p>

<details class="ds-details">
  <summary>{_("Why you can see this relay log")}</summary>
  <div><ul class="ds-list">{_items(page.access.explanations())}</ul></div>
</details>
""",  # noqa: E501
        )
    )


def _items(values: Iterable[Any]) -> str:
    return "".join(f"<li>{escaped(value)}</li>" for value in values)


def _open_handover(page: Page, handover: dict[str, Any] | None) -> str:
    if handover is None:
        return ""
    _ = page.gettext
    offered = _(
        "The baton was offered to %(name)s, %(unit)s on %(date)s. "
        "The baton holder stays responsible until it is accepted."
    ) % {
        "name": escaped(handover["to_user"]),
        "unit": escaped(handover["to_unit"]),
        "date": escaped(handover["offered_on"]),
    }
    url = link_pattern("cases:handover", 2).format(page.case.pk, handover["pk"])
    return f"""
<div class="ds-alert" data-color="info">
  <p class="ds-paragraph">{offered}</p>
  <p class="ds-paragraph"><a class="ds-link" href="{url}">{_("See the offer")}</a></p>
</div>
"""


def _actions(page: Page, *, offered: bool) -> str:
    """What the reader may write and do next: writers write, the baton holder manages,
    and reopens a closed relay log."""
    _, links, case = page.gettext, page.links, page.case
    if not page.can_write:
        if page.can_manage and case.status == Status.CLOSED:
            return f"""
<p class="ds-paragraph"><a class="ds-button" data-variant="secondary" href="{links["reopen"]}">{_("Reopen the relay log")}</a></p>
"""  # noqa: E501
        return ""
    steps = []
    if not case.leader_review_requested_at:
        steps.append(("ask_leader", _("Ask your leader")))
    steps.append(("leader_decision", _("Record the leader's decision")))
    if page.can_manage:
        steps.append(("level", _("Change the level")))
        steps.append(("add_unit", _("Add a unit")))
        if not offered:
            steps.append(("offer_handover", _("Hand over the baton")))
        steps.append(("close", _("Close the relay log")))
    next_steps = "\n  ".join(
        f'<li><a class="ds-link" href="{links[key]}">{text}</a></li>' for key, text in steps
    )
    return f"""
<h2 class="ds-heading" data-size="sm">{_("Write down")}</h2>
<ul class="rt-actions ds-list" aria-label="{_("Write down")}">
  <li><a class="ds-button" data-variant="secondary" href="{links["observation"]}">{_("Observation")}</a></li>
  <li><a class="ds-button" data-variant="secondary" href="{links["bright_spot"]}">{_("Bright spot")}</a></li>
  <li><a class="ds-button" data-variant="secondary" href="{links["conversation"]}">{_("Conversation")}</a></li>
  <li><a class="ds-button" data-variant="secondary" href="{links["concern"]}">{_("Wondering or concern")}</a></li>
  <li><a class="ds-button" data-variant="tertiary" href="{links["note"]}">{_("Note")}</a></li>
</ul>
<h2 class="ds-heading" data-size="sm">{_("Next steps")}</h2>
<ul class="rt-actions ds-list" aria-label="{_("Next steps")}">
  {next_steps}
</ul>
"""  # noqa: E501


def _plan(page: Page, measures: list[dict[str, Any]]) -> str:
    """The action plan: its measures, and the links to add one and to evaluate."""
    _, links, can_write = page.gettext, page.links, page.can_write
    parts = [f'\n<h2 class="ds-heading" data-size="sm" id="plan">{_("Action plan")}</h2>\n']
    if measures:
        actions = ""
        if can_write:
            actions = f'<th scope="col"><span class="ds-sr-only">{_("Actions")}</span></th>'
        edit_url = link_pattern("cases:edit_measure", 2).format
        rows = "".join(_measure_row(page, measure, edit_url) for measure in measures)
        parts.append(
            f"""<div class="rt-table-wrap">
<table class="ds-table" data-border>
  <caption class="ds-sr-only">{_("Measures in the action plan")}</caption>
  <thead><tr>
    <th scope="col">{_("Goal")}</th>
    <th scope="col">{_("Responsible")}</th>
    <th scope="col">{_("Start")}</th>
    <th scope="col">{_("Evaluation date")}</th>
    <th scope="col">{_("Status")}</th>
    {actions}
  </tr></thead>
  <tbody>
{rows}  </tbody>
</table>
</div>
"""
        )
    else:
        parts.append(f'<p class="ds-paragraph">{_("No measures yet.")}</p>\n')
    if can_write:
        evaluate = ""
        if measures:
            evaluate = f"""<li><a class="ds-link" href="{links["add_evaluation"]}">{_("Evaluate the whole plan")}</a></li>"""  # noqa: E501
        parts.append(
            f"""<ul class="rt-actions ds-list" aria-label="{_("Action plan")}">
  <li><a class="ds-button" data-variant="secondary" href="{links["add_measure"]}">{_("New measure")}</a></li>
  {evaluate}
</ul>
"""  # noqa: E501
        )
    return "".join(parts)


def _measure_row(page: Page, measure: dict[str, Any], edit_url: Callable[..., str]) -> str:
    _, pk = page.gettext, measure["pk"]
    goal = escaped(measure["goal"])
    if measure["intervention"]:
        goal += f'<br><span class="rt-meta">{escaped(measure["intervention"])}</span>'
    evaluate_on = escaped(measure["evaluate_on"])
    if measure["overdue"]:
        evaluate_on += f' <span class="ds-tag" data-color="danger">{_("Overdue")}</span>'
    status = page.texts.measure_statuses.get(measure["status"], measure["status"])
    actions = ""
    if page.can_write:
        short_goal = escape(truncated(measure["goal"], 40))
        change = f"""<a class="ds-link" href="{edit_url(page.case.pk, pk)}">{_("Change")}<span class="ds-sr-only"> – {short_goal}</span></a>"""  # noqa: E501
        evaluate = ""
        if measure["is_open"]:
            evaluate = f""" · <a class="ds-link" href="{page.links["add_evaluation"]}?tiltak={pk}">{_("Evaluate")}<span class="ds-sr-only"> – {short_goal}</span></a>"""  # noqa: E501
        actions = f"<td>\n      {change}\n      {evaluate}\n    </td>"
    return f"""    <tr id="measure-{pk}">
      <td>{goal}</td>
      <td>{escaped(measure["responsible"])}, {escaped(measure["unit"])}</td>
      <td>{escaped(measure["starts_on"])}</td>
      <td>{evaluate_on}</td>
      <td>{escaped(status)}</td>
      {actions}
    </tr>
"""


def _evaluations(page: Page, evaluations: list[dict[str, Any]]) -> str:
    if not evaluations:
        return ""
    _, texts = page.gettext, page.texts
    edit_url = link_pattern("cases:edit_evaluation", 2).format
    items = []
    for evaluation in evaluations:
        held_on = escaped(evaluation["held_on"])
        if evaluation["has_measure"]:
            what = escape(truncated(str(evaluation["goal"]), 60))
        else:
            what = _("The whole action plan")
        result = escape(texts.results.get(evaluation["result"], "").lower())
        decision = escape(texts.decisions.get(evaluation["decision"], "").lower())
        change = ""
        if page.can_write:
            url = edit_url(page.case.pk, evaluation["pk"])
            change = f"""(<a class="ds-link" href="{url}">{_("change")}<span class="ds-sr-only"> – {_("evaluation")} {held_on}</span></a>)"""  # noqa: E501
        items.append(f"  <li>{held_on}: {what} – {result}, {decision}\n    {change}</li>\n")
    return f"""
<h2 class="ds-heading" data-size="sm">{_("Evaluations")}</h2>
<ul class="ds-list">
{"".join(items)}</ul>
"""


def _units(page: Page, units: list[dict[str, Any]]) -> str:
    _, case = page.gettext, page.case
    holders = f""" ({_("baton holder's unit")})"""
    items = "".join(
        f"<li>{escaped(unit['name'])}{holders if unit['unit_id'] == case.holder_unit_id else ''}"
        "</li>"
        for unit in units
    )
    consents = ""
    if page.can_manage:
        consents = f"""<p class="ds-paragraph">{_("Other services join when the guardians' consent covers them.")} <a class="ds-link" href="{page.links["consents"]}">{_("The child's consents")}</a></p>
"""  # noqa: E501
    return f"""
<h2 class="ds-heading" data-size="sm">{_("Units taking part")}</h2>
<ul class="ds-list">
  {items}
</ul>
{consents}"""


# -- the timeline page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """A page of the timeline as shown: the entries' cards (cards.entries_html), the
    kinds chosen, and whether the page is added to the list on the screen ("show
    more" with htmx) instead of replacing it."""

    found: queries.TimelinePage
    entries: str
    chosen: Sequence[str]
    appending: bool


def timeline(page: Page, shown: Timeline, kind_options: str) -> str:
    """The timeline page's own part: the header, the filter by kind (its checkboxes
    `kind_options`), how many entries there are, and the list."""
    _, url = page.gettext, page.links["timeline"]
    return f"""{header(page, current="timeline")}
<h2 class="ds-heading" data-size="md">{_("Timeline")}</h2>
<form class="rt-filter" method="get" action="{url}"
      hx-get="{url}" hx-target="#timeline" hx-swap="outerHTML"
      hx-trigger="change" hx-push-url="true">
  <fieldset class="ds-fieldset">
    <legend class="ds-label">{_("Show only")}</legend>
    <div class="rt-options">
      {kind_options}
    </div>
  </fieldset>
  <noscript><button type="submit" class="ds-button" data-variant="secondary">{_("Filter")}</button></noscript>
</form>
<p class="ds-paragraph" data-size="sm" id="timeline-status" role="status">{_status(shown)}</p>
{timeline_list(page, shown)}"""  # noqa: E501


def timeline_list(page: Page, shown: Timeline, *, htmx: bool = False) -> str:
    """The list of the page's entries and the links to the rest; for the filter's
    htmx request, the count too, swapped out of band."""
    if shown.entries:
        body = f"""<ol class="rt-timeline" id="timeline-entries">
  {shown.entries}
</ol>
{_pages(page, shown)}"""
    else:
        body = f'<p class="ds-paragraph">{page.gettext("No entries of this kind.")}</p>'
    status = _status_swap(shown) if htmx else ""
    return f'<div id="timeline">\n{body}\n</div>\n{status}'


def timeline_more(page: Page, shown: Timeline) -> str:
    """htmx "show more": the next page's cards, to be appended to the list, with the
    links to the rest and the count swapped out of band."""
    return f"{shown.entries}\n{_pages(page, shown, oob=True)}\n{_status_swap(shown)}"


def _status_swap(shown: Timeline) -> str:
    return f'<p id="timeline-status" hx-swap-oob="innerHTML">{_status(shown)}</p>\n'


def _status(shown: Timeline) -> str:
    """How many entries there are and which are shown (numbers only)."""
    found = shown.found
    if found.num_pages <= 1:
        text = ngettext(
            "%(counter)s entry, newest first.", "%(counter)s entries, newest first.", found.count
        )
        return text % {"counter": found.count}
    text = ngettext(
        "Showing entries %(first)s–%(last)s of %(counter)s, newest first.",
        "Showing entries %(first)s–%(last)s of %(counter)s, newest first.",
        found.count,
    )
    first = 1 if shown.appending else found.start_index
    return text % {"counter": found.count, "first": first, "last": found.end_index}


def _pages(page: Page, shown: Timeline, *, oob: bool = False) -> str:
    """Links to the rest of the timeline: plain links work without JavaScript (a page
    at a time); with htmx "show more" appends the next page to the list. Nothing
    at all for a timeline of one page."""
    found, _, url = shown.found, page.gettext, page.links["timeline"]
    if found.num_pages <= 1:
        return ""
    links = []
    if found.has_next:
        more = _show_more(min(found.size, found.count - found.end_index))
        query = escape(_page_query(shown.chosen, found.number + 1))
        links.append(
            f"""<li><a class="ds-button" data-variant="secondary" href="{url}?{query}"
               hx-get="{url}?{query}" hx-target="#timeline-entries" hx-swap="beforeend">{more}</a></li>"""  # noqa: E501
        )
    if found.has_previous and not shown.appending:
        query = escape(_page_query(shown.chosen, found.number - 1))
        links.append(f'<li><a class="ds-link" href="{url}?{query}">{_("Newer entries")}</a></li>')
    nav = ""
    if links:
        items = "\n      ".join(links)
        nav = f"""<nav aria-label="{_("More of the timeline")}">
    <ul class="rt-actions ds-list">
      {items}
    </ul>
  </nav>"""
    end = ""
    if not found.has_next:
        end = f"""<p class="ds-paragraph" data-size="sm">{_("This is where the relay log begins.")}</p>"""  # noqa: E501
    swap = ' hx-swap-oob="true"' if oob else ""
    return f"""<div class="rt-pages" id="timeline-pages"{swap}>
  {nav}
  {end}
</div>"""


def _show_more(count: int) -> str:
    text = ngettext("Show %(counter)s more (older)", "Show %(counter)s more (older)", count)
    return text % {"counter": count}


def _page_query(kinds: Sequence[str], number: int) -> str:
    return urlencode([*(("kind", kind) for kind in kinds), ("side", str(number))])
