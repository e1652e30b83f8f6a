from django.urls import include, path

from rodtrad.api.urls import api
from rodtrad.core.views import healthz
from rodtrad.web.admin_site import admin_site

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin_site.urls),
    path("barn/", include("rodtrad.people.urls")),
    path("", include("rodtrad.cases.urls")),
    path("", include("rodtrad.catalogue.urls")),
    path("", include("rodtrad.guide.urls")),
    path("", include("rodtrad.teams.urls")),
    path("", include("rodtrad.reports.urls")),
    path("", include("rodtrad.consent.urls")),
    path("", include("rodtrad.access.urls")),
    path("", include("rodtrad.audit.urls")),
    path("", include("rodtrad.notifications.urls")),
    path("", include("rodtrad.web.urls")),
]
