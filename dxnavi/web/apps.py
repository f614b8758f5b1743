from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dxnavi.web"
    verbose_name = "Web"

    def ready(self):
        from . import data_stamp

        data_stamp.connect()
