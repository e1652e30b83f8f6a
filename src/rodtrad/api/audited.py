"""Lists the API answers a page at a time, audited a page at a time.

Every list of personal data is a read: the page the pagination cuts is written
to the audit log as one event naming what it showed and whose it was, so each
child's access log tells who saw the child in a list (audit.log.record_list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet

from rodtrad.accounts.models import User
from rodtrad.audit.log import record_list

M = TypeVar("M", bound=Model)


@dataclass
class AuditedList(Generic[M]):
    """A queryset the pagination counts and cuts; cutting it reads the page and
    records one `action` event with the ids shown and the children they are
    about (`children_of`, given the page: one query at most for all of them).
    `present`, if given, turns the page into what the endpoint answers."""

    items: QuerySet[M]
    actor: User
    action: str
    reason: str
    children_of: Callable[[list[M]], Iterable[int | None]]
    present: Callable[[list[M]], list[Any]] | None = None

    def count(self) -> int:
        return self.items.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, cut: slice) -> list[Any]:
        page = list(self.items[cut])
        if page:  # an empty page showed nobody
            record_list(
                self.action,
                actor=self.actor,
                child_ids=self.children_of(page),
                reason=self.reason,
                changes={"shown": [item.pk for item in page]},
            )
        return self.present(page) if self.present is not None else page


def audited(
    items: QuerySet[M],
    *,
    actor: User,
    action: str,
    reason: str,
    children_of: Callable[[list[M]], Iterable[int | None]],
    present: Callable[[list[M]], list[Any]] | None = None,
) -> QuerySet[M]:
    """`items` as the list endpoint returns them, typed as the queryset the
    pagination takes (it asks only for a length and a slice)."""
    return AuditedList(  # type: ignore[return-value]
        items,
        actor=actor,
        action=action,
        reason=reason,
        children_of=children_of,
        present=present,
    )
