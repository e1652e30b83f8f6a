"""Changing the catalogue. Pages, the admin and the API all call these.

Each function owns its transaction, asks rodtrad.catalogue.access first,
validates with the models' own rules, saves, and writes the audit event (who,
a dotted code, old → new of the fields that changed) in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rodtrad import policy
from rodtrad.audit.log import record
from rodtrad.catalogue import hsds
from rodtrad.catalogue.access import can_manage_catalogue
from rodtrad.catalogue.models import Intervention, Provider
from rodtrad.organisation.actions import audit_changes, clean_or_raise
from rodtrad.organisation.models import Municipality, Unit

if TYPE_CHECKING:
    from rodtrad.accounts.models import User

# Every field an administrator may set on an entry (not municipality, hsds_id).
INTERVENTION_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "provider",
    "level",
    "minimum_age",
    "maximum_age",
    "target_group",
    "audiences",
    "needs",
    "access",
    "how_to_get",
    "contact_role",
    "phone",
    "email",
    "website",
    "opening_hours",
    "languages",
    "fees",
    "evidence_base",
    "must_unit_kinds",
    "should_unit_kinds",
    "is_public",
    "status",
)
PROVIDER_FIELDS = ("name", "description", "email", "phone", "website", "unit")

MESSAGE_PROVIDER_NAME_TAKEN = _("A provider with this name already exists in the municipality.")
MESSAGE_PROVIDER_IN_USE = _("The provider still has entries in the catalogue.")


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Old → new of the changed fields, as the audit log stores them (UUIDs as text)."""

    def plain(values: Mapping[str, Any]) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in values.items()}

    return audit_changes(plain(before), plain(after))


def require_manage_catalogue(actor: User, municipality_id: int) -> None:
    if not can_manage_catalogue(actor, municipality_id):
        raise policy.NotFound(Municipality)


def _check_fields(changes: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _provider_errors(provider: Provider) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if (
        provider.name
        and Provider.objects.filter(municipality_id=provider.municipality_id, name=provider.name)
        .exclude(pk=provider.pk)
        .exists()
    ):
        errors["name"] = [MESSAGE_PROVIDER_NAME_TAKEN]
    if (
        provider.unit_id
        and provider.municipality_id
        and not Unit.objects.serving(provider.municipality).filter(pk=provider.unit_id).exists()
    ):
        errors["unit"] = [_("The unit must serve the municipality.")]
    return errors


def do_create_provider(actor: User, *, municipality: Municipality, **values: Any) -> Provider:
    _check_fields(values, (*PROVIDER_FIELDS, "hsds_id"))
    with transaction.atomic():
        require_manage_catalogue(actor, municipality.pk)
        provider = Provider(municipality=municipality, **values)
        clean_or_raise(provider, _provider_errors(provider))
        provider.save()
        record(
            "catalogue.provider_created", actor=actor, obj=provider, municipality_id=municipality.pk
        )
    return provider


def do_update_provider(provider: Provider, *, actor: User, **changes: Any) -> Provider:
    _check_fields(changes, PROVIDER_FIELDS)
    with transaction.atomic():
        require_manage_catalogue(actor, provider.municipality_id)
        before = {name: getattr(provider, name) for name in changes}
        for name, value in changes.items():
            setattr(provider, name, value)
        clean_or_raise(provider, _provider_errors(provider))
        diff = _changes(before, changes)
        if diff:
            provider.save(
                update_fields=[*(_attname(Provider, name) for name in changes), "updated_at"]
            )
            record(
                "catalogue.provider_updated",
                actor=actor,
                obj=provider,
                municipality_id=provider.municipality_id,
                changes=diff,
            )
    return provider


def do_delete_provider(provider: Provider, *, actor: User) -> None:
    with transaction.atomic():
        require_manage_catalogue(actor, provider.municipality_id)
        if provider.interventions.exists():
            raise ValidationError({"provider": [MESSAGE_PROVIDER_IN_USE]})
        record(
            "catalogue.provider_deleted",
            actor=actor,
            obj=provider,
            municipality_id=provider.municipality_id,
            changes={"name": [provider.name, None]},
        )
        provider.delete()


def _attname(model: type[Any], name: str) -> str:
    return str(model._meta.get_field(name).name)


def do_create_intervention(
    actor: User, *, municipality: Municipality, **values: Any
) -> Intervention:
    """A new entry in the municipality's catalogue."""
    _check_fields(values, (*INTERVENTION_FIELDS, "hsds_id"))
    with transaction.atomic():
        require_manage_catalogue(actor, municipality.pk)
        intervention = Intervention(municipality=municipality, **values)
        clean_or_raise(intervention)
        intervention.save()
        record(
            "catalogue.intervention_created",
            actor=actor,
            obj=intervention,
            municipality_id=municipality.pk,
            changes=_changes({}, {name: getattr(intervention, name) for name in values}),
        )
    return intervention


def do_update_intervention(
    intervention: Intervention, *, actor: User, **changes: Any
) -> Intervention:
    """Change the given fields; the owning municipality is fixed."""
    _check_fields(changes, INTERVENTION_FIELDS)
    with transaction.atomic():
        require_manage_catalogue(actor, intervention.municipality_id)
        before = {name: getattr(intervention, name) for name in changes}
        for name, value in changes.items():
            setattr(intervention, name, value)
        clean_or_raise(intervention)
        diff = _changes(before, changes)
        if diff:
            intervention.save(update_fields=[*changes, "updated_at"])
            record(
                "catalogue.intervention_updated",
                actor=actor,
                obj=intervention,
                municipality_id=intervention.municipality_id,
                changes=diff,
            )
    return intervention


def do_delete_intervention(intervention: Intervention, *, actor: User) -> None:
    """Remove an entry. (An entry that measures point to is better set inactive.)"""
    with transaction.atomic():
        require_manage_catalogue(actor, intervention.municipality_id)
        record(
            "catalogue.intervention_deleted",
            actor=actor,
            obj=intervention,
            municipality_id=intervention.municipality_id,
            changes={"name": [intervention.name, None]},
        )
        intervention.delete()


# HSDS import


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    providers_created: int
    providers_updated: int


def _link_unit(municipality: Municipality, provider: Provider) -> None:
    """A provider named like one of the municipality's units is that unit."""
    if provider.unit_id is None:
        provider.unit = Unit.objects.filter(municipality=municipality, name=provider.name).first()


def do_import_hsds(
    actor: User, *, municipality: Municipality, document: hsds.ParsedDocument
) -> ImportResult:
    """Create or update the organizations and services of an HSDS document in
    the municipality's catalogue, matched by their HSDS ids. All or nothing:
    one invalid service and nothing is saved. Entries missing from the
    document are left as they are."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "p_created": 0, "p_updated": 0}
    with transaction.atomic():
        require_manage_catalogue(actor, municipality.pk)
        providers = {
            p.hsds_id: p
            for p in Provider.objects.filter(municipality=municipality).select_related("unit")
        }
        errors: dict[str, list[Any]] = {}
        for index, data in enumerate(document.providers):
            fields: dict[str, Any] = {
                "name": data.name,
                "description": data.description,
                "email": data.email,
                "phone": data.phone,
                "website": data.website,
            }
            existing = providers.get(data.hsds_id)
            path = f"organizations.{index}"
            try:
                if existing is None:
                    provider = Provider(municipality=municipality, hsds_id=data.hsds_id, **fields)
                    _link_unit(municipality, provider)
                    clean_or_raise(provider, _provider_errors(provider))
                    provider.save()
                    record(
                        "catalogue.provider_created",
                        actor=actor,
                        obj=provider,
                        municipality_id=municipality.pk,
                    )
                    providers[data.hsds_id] = provider
                    counts["p_created"] += 1
                else:
                    diff = _changes({k: getattr(existing, k) for k in fields}, fields)
                    if diff:
                        do_update_provider(existing, actor=actor, **fields)
                        counts["p_updated"] += 1
            except ValidationError as error:
                errors.update({f"{path}.{k}": v for k, v in error.message_dict.items()})

        interventions = {
            i.hsds_id: i for i in Intervention.objects.filter(municipality=municipality)
        }
        for entry in document.interventions:
            found = providers.get(entry.provider_hsds_id) if entry.provider_hsds_id else None
            if found is None:
                errors[f"{entry.path}.organization_id"] = [hsds.MESSAGE_UNKNOWN_ORGANIZATION]
                continue
            values: dict[str, Any] = {**entry.values, "provider": found}
            existing_entry = interventions.get(entry.hsds_id)
            try:
                if existing_entry is None:
                    do_create_intervention(
                        actor, municipality=municipality, hsds_id=entry.hsds_id, **values
                    )
                    counts["created"] += 1
                else:
                    before = {k: getattr(existing_entry, k) for k in values}
                    if _changes(before, values):
                        do_update_intervention(existing_entry, actor=actor, **values)
                        counts["updated"] += 1
                    else:
                        counts["unchanged"] += 1
            except ValidationError as error:
                errors.update(hsds.document_paths(entry.path, error.message_dict))
        if errors:
            raise ValidationError(errors)
        result = ImportResult(
            created=counts["created"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            providers_created=counts["p_created"],
            providers_updated=counts["p_updated"],
        )
        record(
            "catalogue.hsds_imported",
            actor=actor,
            municipality_id=municipality.pk,
            changes={key: [None, value] for key, value in result.__dict__.items()},
        )
    return result
