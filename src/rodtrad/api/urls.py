"""The JSON API, /api/v1, with its OpenAPI document at /api/v1/openapi.json.

Routes only parse input and answer; they fetch through rodtrad.policy and
change through the same `do_<verb>` functions as the pages.
"""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI

from rodtrad.api import access as access_api
from rodtrad.api import cases as cases_api
from rodtrad.api import children, employees, enrolments, families, guardians, units
from rodtrad.api import consents as consents_api
from rodtrad.api import meetings as meetings_api
from rodtrad.api import referrals as referrals_api
from rodtrad.api import reports as reports_api
from rodtrad.api import teams as teams_api
from rodtrad.api.auth import ApiTokenAuth
from rodtrad.api.errors import install_error_handlers
from rodtrad.catalogue import api as catalogue_api

DESCRIPTION = """
The registers of Rød tråd: units, employees, children, guardians, families and
enrolments.

**Authentication.** Every route needs `Authorization: Bearer <token>`. An
administrator gets a token with `rodtrad apitoken USERNAME` (shown once; only
its hash is stored). No token, an unknown, revoked or deactivated one: `401`.

**Access.** Only administrators of a municipality manage its registers. What you
may not see does not exist for you: a list leaves it out, reading or changing it
answers `404` with the same message as an id that was never used, and referring
to it in a request body answers `422` with "not found" on that field. Creating
in a municipality you do not administer answers `422` with `Municipality not
found` on `municipality`, whether the municipality exists or not.

**Errors.** Every error has the body `{"detail": "...", "errors": {"field":
["...", ...]}}`. Invalid data (wrong identity numbers, empty required fields,
duplicates, an end date before the start date, unknown fields, wrong types) is
answered `422` and nothing is saved; a body that is not JSON, `400`. Messages are
in Norwegian bokmål; send `Accept-Language: en` for English. Submitted values are
never repeated in an error.

**Identity numbers** (fødselsnummer, D number) are sent and returned in request
and response bodies only, never in URLs: ids in URLs are database ids. Lists
show them masked (birth date only); reading one object shows them in full.

**Lists** are paginated: `?page=1&page_size=50`, answered as
`{"items": [...], "count": N}`.
"""

api = NinjaAPI(
    title="Rød tråd API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=ApiTokenAuth(),
    # The interactive docs load Swagger UI from a CDN unless "ninja" is an
    # installed app (then from our own static files); we never use a CDN.
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
)
install_error_handlers(api)
cases_api.install_conflict_handler(api)

api.add_router("/units", units.router)
api.add_router("/employees", employees.router)
api.add_router("/children", children.router)
api.add_router("/guardians", guardians.router)
api.add_router("/families", families.router)
api.add_router("/enrolments", enrolments.router)
api.add_router("/cases", cases_api.router)
api.add_router("/consents", consents_api.router)
api.add_router("", access_api.router)  # /emergency-access, /children/{id}/access-log
api.add_router("/catalogue", catalogue_api.router)
api.add_router("/reports", reports_api.router)
api.add_router("/teams", teams_api.router)
api.add_router("/referrals", referrals_api.router)
api.add_router("/meetings", meetings_api.router)
