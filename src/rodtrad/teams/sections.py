"""The team page's own part as HTML, made in Python (as the case page's, cases/sections.py).

From its template it cost ~1.9 ms of CPU of the page's ~5.5: some thirty
{% translate %} tags, two get_FOO_display()s that translate every choice, a
{% blocktranslate %}, and five loops over the rows of the team's work. The markup
and the msgids are the template's; web.layout.page places the part in the
layout. Every value from the database is escaped here; translated literals are
not, as {% translate %} does not escape them.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # what Django's escape calls, without its lazy-text checks
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from rodtrad.core.links import link
from rodtrad.core.text import escaped
from rodtrad.teams.models import Rhythm, Team, TeamLevel
from rodtrad.teams.queries import TeamWork


def team_page(team: Team, *, member: bool, work: TeamWork | None) -> str:
    """What everyone who sees the team sees, and for its members the team's work."""
    return "".join((_facts(team), _actions(team, member), "" if work is None else _work(work)))


def _label(choices: type[TextChoices], value: str) -> str:
    """As get_FOO_display(): the value's label in the current language, else the value."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _facts(team: Team) -> str:
    ages = _("%(start)s to %(end)s years") % {"start": team.age_from, "end": team.age_to}
    who = ", ".join(
        [
            *([_("Employees")] if team.employees_may_refer else []),
            *([_("guardians and youth directly")] if team.citizens_may_refer else []),
        ]
    )
    referrals = _("With consent, or anonymously") if team.allows_anonymous else _("With consent")
    if team.requires_tried_measures:
        referrals += "; " + _("measures must have been tried first")
    purpose = f'<p class="ds-paragraph">{escape(team.purpose)}</p>' if team.purpose else ""
    return f"""
<p class="ds-paragraph"><a class="ds-link" href="{link("teams:list")}">{_("All teams")}</a></p>
<h1 class="ds-heading" data-size="lg">{escape(team.name)}</h1>
<dl class="rt-facts">
  <dt>{_("Kind")}</dt><dd>{escape(team.kind.name)} – {escape(_label(TeamLevel, team.level))}</dd>
  <dt>{_("Leader")}</dt><dd>{escaped(team.leader)}</dd>
  <dt>{_("Meets")}</dt><dd>{escape(_label(Rhythm, team.rhythm))}</dd>
  <dt>{_("Ages")}</dt><dd>{ages}</dd>
  <dt>{_("Who may refer")}</dt>
  <dd>{who}</dd>
  <dt>{_("Referrals")}</dt>
  <dd>{referrals}</dd>
</dl>
{purpose}"""


def _actions(team: Team, member: bool) -> str:
    refer = ""
    if team.employees_may_refer and team.active:
        refer = f'<a class="ds-button" data-variant="primary" href="{link("teams:refer", team.pk)}">{_("Refer a case")}</a>'  # noqa: E501
    plan = ""
    if member:
        plan = f'<a class="ds-button" data-variant="secondary" href="{link("teams:meeting_new", team.pk)}">{_("Plan a meeting")}</a>'  # noqa: E501
    return f"""
<div class="rt-actions">
  {refer}
  {plan}
</div>
"""


def _rows(template: str, rows: Iterable[Iterable[Any]]) -> str:
    """One line of `template` per row, every value escaped as {{ value }} does."""
    return "\n".join(template.format(*map(escaped, row)) for row in rows)


_REFERRAL = """<tr>
  <td><a class="ds-link" href="{}">{}</a></td>
  <td>{}</td>
  <td>{}</td>
  <td>{}</td>
</tr>"""
_MEETING = '<li><a class="ds-link" href="{}">{}</a> – {}</li>'
_DECISION = """<tr>
  <td>{}</td>
  <td>{}</td>
  <td>{}</td>
  <td>{}</td>
</tr>"""


def _work(work: TeamWork) -> str:
    return "".join(
        (
            f'\n<h2 class="ds-heading" data-size="sm">{_("Incoming referrals")}</h2>\n',
            _referrals(work),
            f'\n<h2 class="ds-heading" data-size="sm">{_("Upcoming meetings")}</h2>\n',
            _meetings(work.meetings)
            if work.meetings
            else f'<p class="ds-paragraph">{_("No meetings are planned.")}</p>',
            f'\n<h2 class="ds-heading" data-size="sm">{_("Decisions not yet done")}</h2>\n',
            _decisions(work),
            _earlier_meetings(work),
            f'\n<h2 class="ds-heading" data-size="sm">{_("Members")}</h2>\n',
            _members(work),
        )
    )


def _referrals(work: TeamWork) -> str:
    if not work.referrals:
        return f'<p class="ds-paragraph">{_("No referrals are waiting.")}</p>'
    rows = _rows(
        _REFERRAL,
        ((r["href"], r["label"], r["from"], r["referred"], r["status"]) for r in work.referrals),
    )
    headings = (_("Case"), _("From"), _("Referred"), _("Status"))
    return _table(_("Incoming referrals"), headings, rows)


def _meetings(meetings: list[dict[str, Any]]) -> str:
    rows = _rows(_MEETING, ((m["href"], m["title"], m["when"]) for m in meetings))
    return f'<ul class="ds-list">\n{rows}\n</ul>'


def _decisions(work: TeamWork) -> str:
    if not work.decisions:
        return f'<p class="ds-paragraph">{_("Every decision is done.")}</p>'
    rows = _rows(
        _DECISION,
        ((d["text"], d["label"], d["responsible"], d["by"]) for d in work.decisions),
    )
    headings = (_("Decision"), _("Case"), _("Responsible"), _("By"))
    return _table(_("Decisions not yet done"), headings, rows)


def _table(caption: str, headings: tuple[str, ...], rows: str) -> str:
    """A table of the team's work: its caption for screen readers, headings and rows."""
    columns = "".join(f'<th scope="col">{heading}</th>' for heading in headings)
    return f"""<table class="ds-table" data-border>
  <caption class="ds-sr-only">{caption}</caption>
  <thead><tr>{columns}</tr></thead>
  <tbody>
{rows}
  </tbody>
</table>"""


def _earlier_meetings(work: TeamWork) -> str:
    if not work.past_meetings:
        return ""
    heading = f'<h2 class="ds-heading" data-size="sm">{_("Earlier meetings")}</h2>'
    return f"\n{heading}\n{_meetings(work.past_meetings)}"


def _members(work: TeamWork) -> str:
    leader, takes_part = _("leader"), _("the service takes part")
    items = []
    for member in work.members:
        if member["user"]:
            text = f"{escaped(member['user'])} ({escaped(member['unit'])})"
            if member["leader"]:
                text += f" – {leader}"
        else:
            text = f"{escaped(member['unit'])} ({takes_part})"
        items.append(f"  <li>{text}</li>")
    return '<ul class="ds-list">\n' + "\n".join(items) + "\n</ul>"
