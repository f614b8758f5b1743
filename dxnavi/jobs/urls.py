from django.urls import path

from . import views

app_name = "jobs"

_BASE = "c/<id:company_id>/jobs/<id:job_id>/"

urlpatterns = [
    path(_BASE, views.detail, name="detail"),
    path(_BASE + "progress/", views.progress, name="progress"),
    path(_BASE + "download/", views.download, name="download"),
]
