from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "dxnavi.privacy"
    label = "privacy"
    verbose_name = _("Data export and deletion")
