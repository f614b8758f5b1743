from django.urls import path

from . import views

app_name = "onboarding"

_BASE = "adviser/o/<id:org_id>/import/"

urlpatterns = [
    path(_BASE, views.upload, name="upload"),
    path(_BASE + "template.xlsx", views.template, {"fmt": "xlsx"}, name="template_xlsx"),
    path(_BASE + "template.csv", views.template, {"fmt": "csv"}, name="template_csv"),
    path(_BASE + "<id:batch_id>/", views.preview, name="preview"),
    path(_BASE + "<id:batch_id>/commit/", views.commit, name="commit"),
]
