from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecactionConfig(AppConfig):
    name = "dxnavi.secaction"
    label = "secaction"
    verbose_name = _("SECURITY ACTION")

    def ready(self):
        # Registered here (not at import) so the dashboard and `load_content` see us exactly once.
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from dxnavi.actions import registry as actions

        from dxnavi.orgs import client_columns

        from . import action_source, client_filters, content, levels, presenters

        from dxnavi.orgs import comparison as org_comparison

        from . import comparison

        org_comparison.register(comparison.PROVIDER)
        loaders.register(content.check_file)
        loaders.register(levels.content_loaded)  # after the check: the stored levels follow the content
        levels.connect()
        dashboard.register(presenters.dashboard_card)
        actions.register(actions.Source("secaction", _("SECURITY ACTION"), action_source.collect, order=20))
        client_columns.register_filter(client_filters.FILTER)
