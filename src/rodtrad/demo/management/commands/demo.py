"""`rodtrad demo`: the fictional municipalities Elvdal and Fjellvik, ready to try."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rodtrad.demo import data
from rodtrad.demo.loader import load_demo
from rodtrad.demo.tables import format_table
from rodtrad.organisation.models import Role


def role_label(role: Role) -> str:
    labels = {
        Role.EMPLOYEE: pgettext("demo login role", "employee"),
        Role.LEADER: pgettext("demo login role", "leader"),
        Role.ADMINISTRATOR: pgettext("demo login role", "administrator"),
    }
    return labels[role]


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated here, when the language is known, not at import.
        self.help = _(
            "Loads the fictional municipalities Elvdal and Fjellvik with units, employees, "
            "children, guardians and families, and prints the demo logins. Running it again "
            "changes nothing. Never run it against a production database: it resets the "
            "passwords of the demo usernames, admin included."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        first, second = (f"{name} ({number})" for number, name in data.MUNICIPALITIES.items())
        municipalities = _("%(first)s and %(second)s") % {"first": first, "second": second}
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data for %(municipalities)s is loaded.")
                % {"municipalities": municipalities}
            )
        )
        self.stdout.write("")
        self.stdout.write(
            _("Employee logins (the same password for everyone: %(password)s):")
            % {"password": data.DEMO_PASSWORD}
        )
        self.stdout.write("")
        self.stdout.write(
            format_table(
                [
                    _("Username"),
                    _("Password"),
                    _("Name"),
                    _("Job title"),
                    _("Unit"),
                    _("Role"),
                    _("Stories"),
                ],
                [
                    [
                        login.username,
                        login.password,
                        login.name,
                        login.title,
                        login.unit,
                        role_label(login.role),
                        login.stories,
                    ]
                    for login in result.logins
                ],
            )
        )
        self.stdout.write("")
        self.stdout.write(_("Guardians, for the citizen portal (ID-porten) when it comes:"))
        self.stdout.write("")
        self.stdout.write(
            format_table(
                [_("Name"), _("Synthetic identity number"), _("Stories")],
                [[c.name, c.identity_number, c.stories] for c in result.citizens],
            )
        )
        self.stdout.write("")
        self.stdout.write(
            _(
                "All identity numbers are synthetic test numbers (birth month + 80): "
                "they belong to no real person."
            )
        )
