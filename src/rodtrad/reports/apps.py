from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "rodtrad.reports"
    verbose_name = _("Reports of concern to child welfare")
