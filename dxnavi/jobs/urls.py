from django.urls import path

from . import views

app_name = "jobs"

_BASE = "c/<id:company_id>/jobs/<id:job_id>/"

urlpatterns = [
    path(_BASE, views.detail, name="detail"),
    path(_BASE + "progress/", views.progress, name="progress"),
    path(_BASE + "download/", views.download, name="download"),
    path("adviser/o/<id:org_id>/jobs/<id:job_id>/", views.org_detail, name="org_detail"),
    path("adviser/o/<id:org_id>/jobs/<id:job_id>/progress/", views.org_progress, name="org_progress"),
]
