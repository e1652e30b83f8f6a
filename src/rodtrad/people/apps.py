from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "rodtrad.people"
    verbose_name = _("Children and families")
