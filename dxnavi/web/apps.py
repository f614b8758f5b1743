from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dxnavi.web"
    verbose_name = "Web"
