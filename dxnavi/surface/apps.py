from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurfaceConfig(AppConfig):
    name = "dxnavi.surface"
    label = "surface"
    verbose_name = _("Attack-surface check")

    def ready(self):
        from dxnavi.actions import registry as actions
        from dxnavi.content import loaders
        from dxnavi.jobs import presenters as job_presenters
        from dxnavi.web import dashboard

        from . import action_source, cards, content, scheduler

        loaders.register(content.check_file)
        actions.register(action_source.SOURCE)
        actions.register_daily(scheduler.JOB)
        dashboard.register(cards.surface_card)
        job_presenters.register_kind(scheduler.KIND, _("Attack-surface check"), "surface:domains")
