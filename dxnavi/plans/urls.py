from django.urls import path

from . import views

app_name = "plans"

_BASE = "c/<id:company_id>/plan/"

urlpatterns = [
    path("plan-guide/", views.guide, name="guide"),
    path(_BASE, views.overview, name="overview"),
    path(_BASE + "map/", views.map_latest, name="map"),
    path(_BASE + "map/edit/", views.map_edit, name="map_edit"),
    path(_BASE + "map/v<id:number>/", views.map_version, name="map_version"),
    path(_BASE + "adoption/", views.plan, name="plan"),
    path(_BASE + "adoption/build/", views.plan_build, name="plan_build"),
    path(_BASE + "adoption/settings/", views.plan_settings, name="plan_settings"),
    path(_BASE + "adoption/rows/add/", views.row_add, name="row_add"),
    path(_BASE + "adoption/rows/<id:row_id>/", views.row_save, name="row_save"),
    path(_BASE + "adoption/rows/<id:row_id>/move/", views.row_move, name="row_move"),
    path(_BASE + "adoption/rows/<id:row_id>/delete/", views.row_delete, name="row_delete"),
    path(_BASE + "adoption/pdf/", views.plan_pdf, name="plan_pdf"),
    path(_BASE + "adoption/xlsx/", views.plan_xlsx, name="plan_xlsx"),
]

# five-step projects, quotes, KPIs and payback (views_projects)
from . import views_projects  # noqa: E402

_PROJECT = _BASE + "projects/<id:project_id>/"

urlpatterns += [
    path(_BASE + "projects/", views_projects.project_list, name="projects"),
    path(_BASE + "projects/new/<id:row_id>/", views_projects.project_create, name="project_create"),
    path(_PROJECT, views_projects.project, name="project"),
    path(_PROJECT + "step/<id:step>/", views_projects.project_step, name="project_step"),
    path(_PROJECT + "step/", views_projects.project_set_step, name="project_set_step"),
    path(_PROJECT + "tasks/<id:task_id>/", views_projects.project_task, name="project_task"),
    path(_PROJECT + "save/<slug:section>/", views_projects.project_section, name="project_section"),
    path(_PROJECT + "quotes/", views_projects.quote_add, name="quote_add"),
    path(_PROJECT + "quotes/<id:quote_id>/choose/", views_projects.quote_choose, name="quote_choose"),
    path(_PROJECT + "quotes/<id:quote_id>/delete/", views_projects.quote_delete, name="quote_delete"),
    path(_PROJECT + "kpis/", views_projects.kpi_add, name="kpi_add"),
    path(_PROJECT + "kpis/<id:kpi_id>/actuals/", views_projects.kpi_actual, name="kpi_actual"),
    path(_PROJECT + "kpis/<id:kpi_id>/delete/", views_projects.kpi_delete, name="kpi_delete"),
    path(_PROJECT + "payback/", views_projects.payback, name="payback"),
]
