from django.urls import path

from . import views

app_name = "privacy"

_BASE = "c/<id:company_id>/data/"

urlpatterns = [
    path(_BASE, views.index, name="index"),
    path(_BASE + "export/", views.export_request, name="export_request"),
    path(_BASE + "export/<id:export_id>/download/", views.export_download, name="export_download"),
    path(_BASE + "delete/", views.deletion_request, name="deletion_request"),
    path(_BASE + "delete/cancel/", views.deletion_cancel, name="deletion_cancel"),
]
