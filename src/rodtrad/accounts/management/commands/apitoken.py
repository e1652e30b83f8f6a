"""`rodtrad apitoken USERNAME`: issue an API token for an employee."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rodtrad.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Issue a new API bearer token for an employee and print it (only the token, "
        "on standard output). The token is shown once; only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The employee's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("No employee has the username “%(username)s”.") % {"username": username}
            )
        if not user.is_active:
            raise CommandError(
                _("The employee “%(username)s” is deactivated; a token would not work.")
                % {"username": username}
            )
        self.stdout.write(ApiToken.issue(user))
