from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "dxnavi.actions"
    label = "actions"
    verbose_name = _("Action list")

    def ready(self):
        # Registered here (not at import) so the dashboard sees the card exactly once.
        from dxnavi.web import dashboard

        from . import cards

        dashboard.register(cards.action_card)
        dashboard.register_prepare(cards.refresh)
