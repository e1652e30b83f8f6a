from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# psycopg keeps its conversion of a statement's placeholders for texts up to 4 kB
# (longer ones are mostly ORM texts that never repeat) and parses a longer one
# again on every call. Our hand-written statements repeat on every page, and
# "Mine saker" holds the policy's condition twice (7.7 kB; parsing it cost ~0.6
# ms a page). psycopg's cache keeps 128 texts, so this bounds it at 2 MB.
STATEMENT_CACHE_LIMIT = 16 * 1024


class CoreConfig(AppConfig):
    name = "rodtrad.core"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from psycopg import _queries

        _queries.MAX_CACHED_STATEMENT_LENGTH = max(
            _queries.MAX_CACHED_STATEMENT_LENGTH, STATEMENT_CACHE_LIMIT
        )
