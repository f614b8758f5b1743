from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "dxnavi.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from dxnavi.content import loaders

        from . import content

        loaders.register(content.check_all)
