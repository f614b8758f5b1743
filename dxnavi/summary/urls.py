from django.urls import path

from . import views

app_name = "summary"

_BASE = "c/<id:company_id>/summary/"

urlpatterns = [
    path(_BASE, views.preview, name="preview"),
    path(_BASE + "pdf/", views.summary_pdf, name="pdf"),
    path(_BASE + "full.pdf", views.full_pdf, name="full_pdf"),
    path(_BASE + "full/", views.full_start, name="full_start"),
]
