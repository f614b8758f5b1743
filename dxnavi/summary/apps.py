from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummaryConfig(AppConfig):
    name = "dxnavi.summary"
    label = "summary"
    verbose_name = _("One-page summary")

    def ready(self):
        # Registered here (not at import) so the dashboard sees the card exactly once.
        from dxnavi.web import dashboard

        from . import cards

        dashboard.register(cards.summary_card)
