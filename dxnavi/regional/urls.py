from django.urls import path

from . import views

app_name = "regional"

_ORG = "adviser/o/<id:org_id>/aggregate/"
_PREF = "operator/aggregate/<str:prefecture>/"

urlpatterns = [
    path(_ORG, views.org_report, name="org_report"),
    path(_ORG + "recompute/", views.org_recompute, name="org_recompute"),
    path(_ORG + "report.xlsx", views.org_xlsx, name="org_xlsx"),
    path(_ORG + "report.pdf", views.org_pdf, name="org_pdf"),
    path("operator/aggregate/", views.operator_index, name="operator_index"),
    path(_PREF, views.prefecture_report, name="prefecture_report"),
    path(_PREF + "recompute/", views.prefecture_recompute, name="prefecture_recompute"),
    path(_PREF + "report.xlsx", views.prefecture_xlsx, name="prefecture_xlsx"),
    path(_PREF + "report.pdf", views.prefecture_pdf, name="prefecture_pdf"),
]
