from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "dxnavi.jobs"
    verbose_name = "Jobs"
