from django.urls import path

from . import views

app_name = "incidents"

_BASE = "c/<id:company_id>/incidents/"
_LOG = _BASE + "log/"

urlpatterns = [
    path(_BASE, views.runbook, name="runbook"),
    path(_BASE + "contacts/", views.contacts, name="contacts"),
    path(_BASE + "leak/", views.leak_check, name="leak_check"),
    path(_BASE + "services/", views.managed_services, name="services"),
    path(_LOG, views.log, name="log"),
    path(_LOG + "new/", views.incident_new, name="new"),
    path(_LOG + "<id:incident_id>/", views.incident_detail, name="detail"),
    path(_LOG + "<id:incident_id>/edit/", views.incident_edit, name="edit"),
    path(_LOG + "<id:incident_id>/entries/", views.entry_add, name="entry_add"),
    path(_LOG + "<id:incident_id>/tasks/", views.task_add, name="task_add"),
    path(_LOG + "<id:incident_id>/tasks/<id:task_id>/done/", views.task_done, name="task_done"),
    path(_LOG + "<id:incident_id>/report.pdf", views.incident_pdf, name="pdf"),
    path(_BASE + "drills/", views.drills, name="drills"),
    path(_BASE + "drills/<slug:scenario>/", views.drill_run, name="drill_run"),
]
