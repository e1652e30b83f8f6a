"""The ``rodtrad`` command: Django's manage.py with a database at hand."""

from __future__ import annotations

import os
import sys

# Commands that never touch the database start no embedded server.
COMMANDS_WITHOUT_DATABASE = frozenset(
    {
        "help",
        "version",
        "--help",
        "-h",
        "--version",
        "check",
        "compilemessages",
        "makemessages",
        "collectstatic",
        "startapp",
        "diffsettings",
    }
)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rodtrad.settings")
    command = argv[1] if len(argv) > 1 else "help"
    if command not in COMMANDS_WITHOUT_DATABASE:
        from rodtrad.database import ensure_database_url

        ensure_database_url()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
