from django.urls import path

from . import views

app_name = "subsidies"

_BASE = "c/<id:company_id>/subsidies/"

urlpatterns = [
    path(_BASE, views.index, name="index"),
    path(_BASE + "new/", views.estimate_new, name="estimate_new"),
    path(_BASE + "<id:estimate_id>/", views.estimate_detail, name="estimate_detail"),
    path(_BASE + "<id:estimate_id>/checklist/<slug:frame_id>/", views.checklist, name="checklist"),
    path(_BASE + "<id:estimate_id>/pdf/", views.estimate_pdf, name="estimate_pdf"),
    path(_BASE + "<id:estimate_id>/delete/", views.estimate_delete, name="estimate_delete"),
]
