from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("c/<int:company_id>/checks/<slug:pack_id>/start/", views.start, name="start"),
    path("c/<int:company_id>/checks/<slug:pack_id>/history/", views.history, name="history"),
    path("c/<int:company_id>/assessments/<int:assessment_id>/part/<slug:part_id>/", views.part, name="part"),
    path("c/<int:company_id>/assessments/<int:assessment_id>/answer/", views.answer, name="answer"),
    path("c/<int:company_id>/assessments/<int:assessment_id>/complete/", views.complete, name="complete"),
    path("c/<int:company_id>/assessments/<int:assessment_id>/result/", views.result, name="result"),
    path("c/<int:company_id>/assessments/<int:assessment_id>/print/", views.result_print, name="print"),
    path("c/<int:company_id>/assessments/<int:assessment_id>/pdf/", views.result_pdf, name="pdf"),
]
