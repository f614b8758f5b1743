from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dxnavi.plans"
    label = "plans"
    verbose_name = _("IT strategy map and adoption plan")

    def ready(self):
        # Registered here (not at import) so the dashboard, the result pages and `load_content` see us exactly once.
        from dxnavi.assessments import extensions
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from . import bridges, cards, content

        loaders.register(content.check_all)
        dashboard.register(cards.plan_card)
        extensions.register_result_section(bridges.STAGE_PACK, bridges.stage_section, key=bridges.section_key)
        extensions.register_result_section(bridges.MATURITY_PACK, bridges.maturity_section, key=bridges.section_key)
        self._ready_projects()

    def _ready_projects(self):
        # Five-step projects: their dashboard card and their tasks as an action-list source.
        from dxnavi.actions import registry as actions
        from dxnavi.web import dashboard

        from . import action_source, cards_projects

        dashboard.register(cards_projects.projects_card)
        actions.register(actions.Source("plans", _("Project tasks"), action_source.collect, order=50))
