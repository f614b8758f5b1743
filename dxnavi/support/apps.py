from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "dxnavi.support"
    label = "support"
    verbose_name = _("Support records")

    def ready(self):
        from dxnavi.actions import registry as actions
        from dxnavi.content import loaders

        from . import content, recheck, reminders

        loaders.register(content.check_file)
        actions.register_daily(reminders.JOB)
        actions.register_recheck_intervals(recheck.intervals)
