from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "dxnavi.onboarding"
    label = "onboarding"
    verbose_name = _("Client import")

    def ready(self):
        from dxnavi.jobs.presenters import register_kind

        register_kind("client_import_check", _("Checking the client list"), "onboarding:upload")
        register_kind("client_import_commit", _("Registering the clients"), "onboarding:upload")
