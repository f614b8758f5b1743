from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "dxnavi.assessments"
    label = "assessments"
    verbose_name = _("Self-checks and questionnaires")

    def ready(self):
        # Registered here (not at import) so `load_content` and the dashboard see us exactly once.
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from . import cards, loader

        loaders.register(loader.load_questionnaires)
        dashboard.register(cards.security_selfcheck_card)
