"""Every error the API answers has one shape, in the request's language
(Norwegian bokmål unless the client asks for English with Accept-Language):

    {"detail": "<message>", "errors": {"<field>": ["<message>", ...]}}

Messages are our own or the models'; the submitted values are never echoed,
so an identity number cannot leak into an error, a log or a proxy's cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ninja.errors
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from ninja import Field, NinjaAPI, Schema

from rodtrad.accounts.models import User
from rodtrad.organisation.models import Municipality, Unit
from rodtrad.people.models import Child, Enrolment, Family, Guardian
from rodtrad.policy import NotFound
from rodtrad.redaction import redact


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Messages per field of the request body (nested fields as `guardianships.0.child`); "
            f"`{NON_FIELD_ERRORS}` for the request as a whole."
        ),
    )


MESSAGE_INVALID = _("The request contains errors. Nothing was saved.")
MESSAGE_UNAUTHENTICATED = _(
    "Authentication required: send a valid API token in the header 'Authorization: Bearer <token>'."
)
MESSAGE_UNREADABLE_BODY = _("The request body could not be read. Send JSON.")
MESSAGE_BODY_MISSING = _("The request body is missing.")
MESSAGE_NOT_FOUND = _("Not found.")
MESSAGE_FORBIDDEN = _("Not allowed.")
MESSAGE_THROTTLED = _("Too many requests. Try again later.")

# The same message whether the object is missing or out of the actor's reach.
NOT_FOUND_MESSAGES: dict[type[Model], StrOrPromise] = {
    Municipality: _("Municipality not found."),
    Unit: _("Unit not found."),
    User: _("Employee not found."),
    Child: _("Child not found."),
    Guardian: _("Guardian not found."),
    Family: _("Family not found."),
    Enrolment: _("Enrolment not found."),
}

# Pydantic's error types, in words a municipal developer reads in Norwegian.
SCHEMA_MESSAGES: dict[str, StrOrPromise] = {
    "missing": _("This field is required."),
    "string_type": _("Enter text."),
    "int_type": _("Enter a whole number."),
    "int_parsing": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "bool_type": _("Enter true or false."),
    "bool_parsing": _("Enter true or false."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD."),
    "enum": _("Choose one of the allowed values."),
    "literal_error": _("Choose one of the allowed values."),
    "list_type": _("Enter a list."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "dict_type": _("Enter an object."),
    "extra_forbidden": _("Unknown field."),
    "json_invalid": MESSAGE_UNREADABLE_BODY,
    "greater_than_equal": _("The number is too small."),
    "greater_than": _("The number is too small."),
    "less_than_equal": _("The number is too large."),
    "string_too_long": _("The text is too long."),
}
MESSAGE_SCHEMA_DEFAULT = _("Invalid value.")

STATUS_MESSAGES: dict[int, StrOrPromise] = {
    400: MESSAGE_UNREADABLE_BODY,
    401: MESSAGE_UNAUTHENTICATED,
    403: MESSAGE_FORBIDDEN,
    404: MESSAGE_NOT_FOUND,
    429: MESSAGE_THROTTLED,
}


def not_found_message(model: type[Model]) -> StrOrPromise:
    return NOT_FOUND_MESSAGES.get(model, MESSAGE_NOT_FOUND)


def error_body(detail: StrOrPromise, errors: Mapping[str, Iterable[Any]] | None = None) -> Any:
    return {
        "detail": redact(str(detail)),
        "errors": {
            redact(field): [redact(str(message)) for message in messages]
            for field, messages in (errors or {}).items()
        },
    }


def _field_name(loc: Iterable[Any]) -> str:
    """("body", "payload", "guardianships", 0, "child") -> "guardianships.0.child"."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def schema_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[StrOrPromise]]:
    result: dict[str, list[StrOrPromise]] = {}
    for error in errors:
        field = _field_name(error.get("loc", ()))
        kind = str(error.get("type", ""))
        message: StrOrPromise
        if field == NON_FIELD_ERRORS and kind == "missing":
            message = MESSAGE_BODY_MISSING
        else:
            message = SCHEMA_MESSAGES.get(kind, MESSAGE_SCHEMA_DEFAULT)
        if message not in result.setdefault(field, []):
            result[field].append(message)
    return result


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(
        request: HttpRequest,
        status: int,
        detail: StrOrPromise,
        errors: Mapping[str, Iterable[Any]] | None = None,
    ) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(NotFound)
    def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        return respond(request, 404, not_found_message(exc.model))

    @api.exception_handler(Http404)
    def http_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, MESSAGE_NOT_FOUND)

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        return respond(request, 422, MESSAGE_INVALID, errors)

    @api.exception_handler(ninja.errors.ValidationError)
    def schema_invalid(request: HttpRequest, exc: ninja.errors.ValidationError) -> HttpResponse:
        return respond(request, 422, MESSAGE_INVALID, schema_errors(exc.errors))

    @api.exception_handler(ninja.errors.HttpError)
    def http_error(request: HttpRequest, exc: ninja.errors.HttpError) -> HttpResponse:
        response = respond(request, exc.status_code, STATUS_MESSAGES.get(exc.status_code, str(exc)))
        if exc.status_code == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response


# For the OpenAPI document: the error answers every route may give.
UNAUTHENTICATED = {401: ErrorOut}
NOT_FOUND = {404: ErrorOut}
INVALID = {422: ErrorOut}
