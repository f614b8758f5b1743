from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "dxnavi.incidents"
    label = "incidents"
    verbose_name = _("Incident response")

    def ready(self):
        # Registered here so the dashboard, the action list, the self-check result and load_content see us once.
        from dxnavi.actions import registry as actions
        from dxnavi.assessments import extensions
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from . import action_source, bridges, cards, content

        loaders.register(content.check_all)
        dashboard.register(cards.incident_card)
        actions.register(actions.Source("incidents", _("Incident response"), action_source.collect, order=60))
        extensions.register_result_section(bridges.SELFCHECK_PACK, bridges.selfcheck_section, key=bridges.section_key)
