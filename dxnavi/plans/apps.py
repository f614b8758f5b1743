from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dxnavi.plans"
    label = "plans"
    verbose_name = _("IT strategy map and adoption plan")
