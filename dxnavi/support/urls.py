from django.urls import path

from . import views

app_name = "support"

_BASE = "c/<id:company_id>/support/"
_ORG = "adviser/o/<id:org_id>/support/"

urlpatterns = [
    path(_BASE, views.records, name="records"),
    path(_BASE + "new/", views.record_new, name="record_new"),
    path(_BASE + "<id:record_id>/edit/", views.record_edit, name="record_edit"),
    path(_BASE + "<id:record_id>/delete/", views.record_delete, name="record_delete"),
    path("c/<id:company_id>/recheck-interval/", views.recheck_interval, name="recheck_interval"),
    path(_ORG, views.org_records, name="org_records"),
    path(_ORG + "export.xlsx", views.org_export, name="org_export"),
    path(_ORG + "reminders/", views.org_reminders, name="org_reminders"),
]
