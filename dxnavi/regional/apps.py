from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "dxnavi.regional"
    label = "regional"
    verbose_name = _("Aggregate reports")

    def ready(self):
        from dxnavi.jobs.presenters import register_kind

        register_kind("regional_report", _("Aggregate report of the clients"), "regional:org_report")
