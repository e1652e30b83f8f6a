"""Mine saker's rows as the page shows them: links, labels and dates worked out in
Python once per row (a {% url %}, {% blocktranslate %} or |date per row in the
template cost more than the page's queries). The texts are the template's own
msgids, translated where they always were."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from rodtrad.cases.mine_saker import CaseLine, HandoverLine, MeasureLine
from rodtrad.core.links import link
from rodtrad.core.text import truncated


def day(moment: datetime.date | datetime.datetime | None) -> str:
    """As |date:"d.m.Y": a moment in the current time zone."""
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Row:
    url: str
    text: str  # the link's text
    note: str = ""  # after the link
    level: str = ""
    unit: str = ""
    opened: str = ""


def handover_rows(lines: Sequence[HandoverLine]) -> list[Row]:
    offered = gettext("%(name)s – offered by %(from)s, %(unit)s")
    return [
        Row(
            url=link("cases:handover", line.case_id, line.pk),
            text=offered
            % {"name": line.child_name, "from": line.from_user, "unit": line.from_unit},
        )
        for line in lines
    ]


def decision_rows(lines: Sequence[CaseLine]) -> list[Row]:
    asked = gettext("asked by %(name)s on %(date)s")
    return [
        Row(
            url=link("cases:detail", line.pk),
            text=line.child_name,
            note=asked % {"name": line.holder, "date": day(line.review_requested_at)},
        )
        for line in lines
    ]


def measure_rows(lines: Sequence[MeasureLine], *, overdue: bool) -> list[Row]:
    when = gettext("evaluation was due %(date)s") if overdue else gettext("evaluate by %(date)s")
    return [
        Row(
            url=f"{link('cases:detail', line.case_id)}#measure-{line.pk}",
            text=f"{line.child_name}: {truncated(line.goal, 60)}",
            note=when % {"date": day(line.evaluate_on)},
        )
        for line in lines
    ]


def held_rows(lines: Sequence[CaseLine]) -> list[Row]:
    return [
        Row(
            url=link("cases:detail", line.pk),
            text=line.child_name,
            level=line.level_label,
            unit=line.unit,
            opened=day(line.opened_at),
        )
        for line in lines
    ]


def other_rows(lines: Sequence[CaseLine]) -> list[Row]:
    holder = gettext("baton holder %(name)s, %(unit)s")
    return [
        Row(
            url=link("cases:detail", line.pk),
            text=line.child_name,
            note=f"{line.level_label}; {holder % {'name': line.holder, 'unit': line.unit}}",
        )
        for line in lines
    ]
