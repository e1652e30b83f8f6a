"""What the resource routers share: input schemas, pagination, looking up the
objects a request body refers to."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from rodtrad.api.errors import not_found_message
from rodtrad.policy import NotFound

M = TypeVar("M", bound=Model)
T = TypeVar("T")


def municipality_field() -> str:
    """A municipality, referred to by its kommunenummer."""
    return Field(  # type: ignore[no-any-return]
        description="Kommunenummer: the municipality's four-digit number, e.g. `5028`.",
        examples=["5028"],
    )


def optional(description: str | None = None) -> Any:
    """A field of a PATCH body that may be left out (and is then left alone).
    It keeps its type, so null is refused where the register refuses it."""
    return Field(None, description=description)


class InputSchema(Schema):
    """A request body: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def paginated() -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Page-numbered lists (`?page=2&page_size=100`), answered as `{"items": [...], "count": N}`."""
    page_size: int = settings.RODTRAD["PAGE_SIZE"]
    return paginate(PageNumberPagination, page_size=page_size, max_page_size=max(page_size, 200))


def look_up(field: str, fetch: Callable[[], T]) -> T:
    """Fetch what a body field refers to through a policy helper. Missing and
    out of reach answer alike: a 422 with "<thing> not found" on the field."""
    try:
        return fetch()
    except NotFound as error:
        raise ValidationError({field: [not_found_message(error.model)]}) from None


def look_up_all(field: str, scoped: QuerySet[M], ids: Sequence[int]) -> list[M]:
    """The objects with these ids, in order, from a queryset the policy has
    already narrowed to what the actor may see."""
    found = {obj.pk: obj for obj in scoped.filter(pk__in=ids)}
    if any(pk not in found for pk in ids):
        raise ValidationError({field: [not_found_message(scoped.model)]})
    return [found[pk] for pk in ids]
