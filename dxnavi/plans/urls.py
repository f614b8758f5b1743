from django.urls import path

from . import views

app_name = "plans"

_BASE = "c/<int:company_id>/plan/"

urlpatterns = [
    path("plan-guide/", views.guide, name="guide"),
    path(_BASE, views.overview, name="overview"),
    path(_BASE + "map/", views.map_latest, name="map"),
    path(_BASE + "map/edit/", views.map_edit, name="map_edit"),
    path(_BASE + "map/v<int:number>/", views.map_version, name="map_version"),
    path(_BASE + "adoption/", views.plan, name="plan"),
    path(_BASE + "adoption/build/", views.plan_build, name="plan_build"),
    path(_BASE + "adoption/settings/", views.plan_settings, name="plan_settings"),
    path(_BASE + "adoption/rows/add/", views.row_add, name="row_add"),
    path(_BASE + "adoption/rows/<int:row_id>/", views.row_save, name="row_save"),
    path(_BASE + "adoption/rows/<int:row_id>/move/", views.row_move, name="row_move"),
    path(_BASE + "adoption/rows/<int:row_id>/delete/", views.row_delete, name="row_delete"),
    path(_BASE + "adoption/pdf/", views.plan_pdf, name="plan_pdf"),
    path(_BASE + "adoption/xlsx/", views.plan_xlsx, name="plan_xlsx"),
]
