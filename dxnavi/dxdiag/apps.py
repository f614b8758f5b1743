from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DxdiagConfig(AppConfig):
    name = "dxnavi.dxdiag"
    label = "dxdiag"
    verbose_name = _("DX diagnosis")

    def ready(self):
        # Registered here (not at import) so the loader, the dashboard and the result pages see us exactly once.
        from dxnavi.assessments import extensions
        from dxnavi.assessments.domain import packs
        from dxnavi.web import dashboard

        from dxnavi.actions import registry as actions

        from . import action_source, cards, services
        from .domain import certification

        packs.register_section("certification", certification.validate_section)
        dashboard.register(cards.stage_card)
        dashboard.register(cards.maturity_card)
        extensions.register_result_section(services.MATURITY_PACK, services.readiness_section, key=services.readiness_key)
        actions.register(actions.Source("dxdiag", _("DX diagnosis"), action_source.collect, order=30))
