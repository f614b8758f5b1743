from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dxnavi.ops"
    verbose_name = "Operations"
