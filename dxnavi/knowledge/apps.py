from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "dxnavi.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from dxnavi.actions import registry as actions
        from dxnavi.content import loaders
        from dxnavi.web import dashboard

        from . import action_source, cards, content

        loaders.register(content.check_all)
        actions.register(actions.Source("genai", _("Use of generative AI"), action_source.collect, order=70))
        dashboard.register(cards.knowledge_card)
