from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dxnavi.reports"
    verbose_name = "Reports"
