"""The timeline's cards as HTML, made in Python.

The case page shows five and the timeline a page of twenty; in the template
language a card cost some 60 µs (a dozen {% if %}, twenty variables, labels
and links), here about 13. The markup is the one the template had: keep the two
together when one changes (tests/cases/test_timeline.py reads the cards).
Every value from the database is escaped here; translated literals are not,
as {% translate %} does not escape them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape  # what Django's escape calls, without its lazy-text checks
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rodtrad.cases.models import (
    WRITTEN_KINDS,
    Category,
    ConversationWith,
    EntryKind,
    EvaluationDecision,
    EvaluationResult,
    HandoverStatus,
    LeaderDecision,
    Level,
    MeasureStatus,
    Status,
)
from rodtrad.cases.queries import TimelineRow
from rodtrad.core.links import link_pattern
from rodtrad.core.text import escaped


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[Any, str]:
    return {value: str(label) for value, label in choices}


@dataclass(frozen=True)
class Texts:
    """The labels of the choices and the texts of the cards in one language. The
    msgids are the templates' ones: {% blocktranslate %} texts to be filled with
    escaped values, {% translate %} texts as they are."""

    kinds: dict[str, str]
    categories: dict[str, str]
    conversation_with: dict[str, str]
    leader_decisions: dict[str, str]
    results: dict[int, str]
    decisions: dict[str, str]
    measure_statuses: dict[str, str]
    levels: dict[int, str]
    statuses: dict[str, str]
    level_changed: str
    talked_with: str
    joined: str
    offered: str
    accepted: str
    declined: str
    withdrawn: str
    written_by: str
    decided_by: str
    responsible: str
    categories_label: str
    child_words: str
    guardians_view: str
    assessment: str
    new_measure: str
    whole_plan: str
    who_took_part: str
    child_view: str
    reason: str
    change: str


@functools.lru_cache(maxsize=16)
def texts(language: str | None) -> Texts:
    """Translated once per language and process (the catalogues do not change while
    the server runs): some fifty lazy labels cost more than a page's cards."""
    return Texts(
        kinds=_labels(EntryKind.choices),
        categories=_labels(Category.choices),
        conversation_with=_labels(ConversationWith.choices),
        leader_decisions=_labels(LeaderDecision.choices),
        results=_labels(EvaluationResult.choices),
        decisions=_labels(EvaluationDecision.choices),
        measure_statuses=_labels(MeasureStatus.choices),
        levels=_labels(Level.choices),
        statuses=_labels(Status.choices),
        level_changed=_("Level changed from %(old)s to %(new)s"),
        talked_with=_("Conversation with"),
        joined=_("%(unit)s joined"),
        offered=_("The baton was offered to %(name)s, %(unit)s"),
        accepted=_("%(name)s accepted the baton"),
        declined=_("%(name)s declined the baton"),
        withdrawn=_("The offer of the baton was withdrawn"),
        written_by=_("written by %(name)s"),
        decided_by=_("decided by %(name)s"),
        responsible=_("Responsible: %(name)s, %(unit)s. Evaluation: %(date)s."),
        categories_label=_("Categories"),
        child_words=_("The child's own words"),
        guardians_view=_("The guardians' view"),
        assessment=_("The employee's assessment"),
        new_measure=_("New measure"),
        whole_plan=_("The whole action plan"),
        who_took_part=_("Who took part"),
        child_view=_("The child's view"),
        reason=_("Reason"),
        change=_("Change"),
    )


def _paragraphs(text: str) -> str:
    """What |linebreaks makes of a text (django.utils.html.linebreaks with
    autoescape), without the lazy-text wrappers around each of its steps."""
    if "\n" not in text and "\r" not in text:  # most: one line, one paragraph
        return f"<p>{escape(text)}</p>"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _PARAGRAPH_BREAK.split(text)
    return "\n\n".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


_PARAGRAPH_BREAK = re.compile("\n{2,}")


def _heading(row: TimelineRow, label: str, talked_with: str, t: Texts) -> str:
    kind = row.kind
    if kind == EntryKind.LEVEL_CHANGE:
        return t.level_changed % {"old": row.level_from, "new": row.level_to}
    if kind == EntryKind.CONVERSATION:
        return f"{t.talked_with} {escape(talked_with.lower())}"
    if kind == EntryKind.UNIT_JOINED:
        return t.joined % {"unit": escape(row.unit or "")}
    if kind == EntryKind.HANDOVER:
        handover = row.handover or {}
        name = escape(handover.get("to_user") or "")
        if row.handover_status == HandoverStatus.OFFERED:
            return t.offered % {"name": name, "unit": escape(handover.get("to_unit") or "")}
        if row.handover_status == HandoverStatus.ACCEPTED:
            return t.accepted % {"name": name}
        if row.handover_status == HandoverStatus.DECLINED:
            return t.declined % {"name": name}
        return t.withdrawn
    return escape(label)


def _voice(label: str, words: str, quoted: bool = False) -> str:
    said = f"«{escape(words)}»" if quoted else escape(words)
    return (
        '<blockquote class="rt-voice"><p class="ds-paragraph">'
        f"<strong>{label}:</strong> {said}</p></blockquote>\n"
    )


def _body(row: TimelineRow, t: Texts) -> str:
    """What the card says below its byline, by kind."""
    kind, text = row.kind, row.text
    parts = []
    if kind == EntryKind.CONVERSATION:
        if row.child_words:
            parts.append(_voice(t.child_words, row.child_words, quoted=True))
        if row.guardians_view:
            parts.append(_voice(t.guardians_view, row.guardians_view))
        if text:
            parts.append(
                f'<div><p class="ds-paragraph"><strong>{t.assessment}:</strong></p>'
                f"{_paragraphs(text)}</div>\n"
            )
    elif kind == EntryKind.LEADER_DECISION:
        decision = escape(t.leader_decisions.get(row.leader_decision, ""))
        decided = ""
        if row.decided_by:
            decided = " – " + t.decided_by % {"name": escape(row.decided_by)}
        parts.append(f'<p class="ds-paragraph"><strong>{decision}</strong>{decided}</p>\n')
        if text:
            parts.append(_paragraphs(text))
    elif kind == EntryKind.MEASURE and row.measure:
        measure = row.measure
        filled = t.responsible % {
            "name": escaped(measure.get("responsible")),
            "unit": escaped(measure.get("unit")),
            "date": escaped(measure.get("evaluate_on")),
        }
        parts.append(
            f'<p class="ds-paragraph">{t.new_measure}: '
            f"<strong>{escaped(measure.get('goal'))}</strong></p>\n"
            f'<p class="ds-paragraph" data-size="sm">{filled}</p>\n'
        )
    elif kind == EntryKind.EVALUATION and row.evaluation:
        evaluation = row.evaluation
        what = escaped(evaluation.get("goal")) if evaluation.get("has_measure") else t.whole_plan
        result = escape(t.results.get(evaluation["result"], ""))
        decision = escape(t.decisions.get(evaluation["decision"], "").lower())
        parts.append(
            f'<p class="ds-paragraph">{what}: <strong>{result}</strong> – {decision}</p>\n'
            f'<p class="ds-paragraph" data-size="sm">{t.who_took_part}: '
            f"{escaped(evaluation.get('participants'))}</p>\n"
        )
        if evaluation.get("child_view"):
            parts.append(_voice(t.child_view, evaluation["child_view"], quoted=True))
        if evaluation.get("guardians_view"):
            parts.append(_voice(t.guardians_view, evaluation["guardians_view"]))
        if evaluation.get("notes"):
            parts.append(_paragraphs(evaluation["notes"]))
    elif kind == EntryKind.HANDOVER:
        message = (row.handover or {}).get("message")
        if row.handover_status == HandoverStatus.OFFERED and message:
            parts.append(_paragraphs(message))
        if text:
            parts.append(f'<p class="ds-paragraph">{t.reason}: {escape(text)}</p>\n')
    elif text:
        parts.append(_paragraphs(text))
    return "".join(parts)


def _byline(row: TimelineRow, t: Texts) -> str:
    byline = t.written_by % {"name": escape(row.author)}
    if row.author_unit:
        byline += f", {escape(row.author_unit)}"
    return byline


def entries_html(
    rows: Iterable[TimelineRow],
    *,
    case_id: int,
    actor_id: int,
    can_write: bool,
    focus_first: bool = False,
) -> SafeString:
    """The cards of these entries, in this order, each an <li> of the timeline's
    list; `focus_first` (htmx "show more") moves focus to the first one's heading.
    The actor may change what they wrote themselves while they may write."""
    t = texts(get_language())
    edit_url = link_pattern("cases:edit_entry", 2).format
    made: list[str] = []
    bylines: dict[tuple[str, str | None], str] = {}  # a few authors write most entries
    for row in rows:
        anchor = f"entry-{row.pk}"
        kind = escape(row.kind)
        label = t.kinds.get(row.kind, row.kind)
        talked_with = t.conversation_with.get(row.conversation_with, "")
        date = f"{row.occurred_on:%d.%m.%Y}" if row.occurred_on else ""
        byline = bylines.get((row.author, row.author_unit))
        if byline is None:
            byline = bylines[row.author, row.author_unit] = _byline(row, t)
        focus = ' tabindex="-1" autofocus' if focus_first and not made else ""
        card = [
            f'<li><article class="ds-card rt-entry" data-kind="{kind}" id="{anchor}" '
            f'aria-labelledby="{anchor}-title">\n'
            f'<h3 class="ds-heading" data-size="2xs" id="{anchor}-title"{focus}>\n'
            f"{_heading(row, label, talked_with, t)}\n</h3>\n"
            f'<p class="ds-paragraph rt-meta" data-size="sm">\n'
            f"{date + ' · ' if date else ''}{byline}\n</p>\n"
        ]
        if row.categories:
            color = "success" if row.kind == EntryKind.BRIGHT_SPOT else "neutral"
            tags = "".join(
                f'<li><span class="ds-tag" data-color="{color}">'
                f"{escape(t.categories.get(c, c))}</span></li>"
                for c in row.categories
            )
            card.append(f'<ul class="rt-tags" aria-label="{t.categories_label}">{tags}</ul>\n')
        card.append(_body(row, t))
        if can_write and row.kind in WRITTEN_KINDS and row.author_id == actor_id:
            url = edit_url(case_id, row.pk)
            card.append(
                f'<p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{url}">'
                f'{t.change}<span class="ds-sr-only"> – {escape(label.lower())} {date}</span>'
                "</a></p>\n"
            )
        card.append("</article>\n</li>\n")
        made.append("".join(card))
    return SafeString("".join(made))
