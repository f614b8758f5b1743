from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "dxnavi.api"
    label = "api"
    verbose_name = _("Public API")

    def ready(self):
        from dxnavi.actions import registry as actions

        from dxnavi.web import input_guard

        from . import idempotency, problems

        actions.register_daily(idempotency.PURGE_JOB)
        input_guard.register_responder("/api/", lambda request, message: problems.problem_response(request, "bad_request", message))
