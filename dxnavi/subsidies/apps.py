from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "dxnavi.subsidies"
    label = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        # Registered here (not at import) so the dashboard and `load_content` see us exactly once.
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from dxnavi.actions import registry as actions

        from . import action_source, loader, presenters

        loaders.register(loader.load_from_content)
        dashboard.register(presenters.dashboard_card)
        actions.register(actions.Source("subsidies", _("Subsidy checklist"), action_source.collect, order=40))
