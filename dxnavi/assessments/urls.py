from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("c/<id:company_id>/checks/<slug:pack_id>/start/", views.start, name="start"),
    path("c/<id:company_id>/checks/<slug:pack_id>/history/", views.history, name="history"),
    path("c/<id:company_id>/assessments/<id:assessment_id>/part/<slug:part_id>/", views.part, name="part"),
    path("c/<id:company_id>/assessments/<id:assessment_id>/answer/", views.answer, name="answer"),
    path("c/<id:company_id>/assessments/<id:assessment_id>/complete/", views.complete, name="complete"),
    path("c/<id:company_id>/assessments/<id:assessment_id>/result/", views.result, name="result"),
    path("c/<id:company_id>/assessments/<id:assessment_id>/print/", views.result_print, name="print"),
    path("c/<id:company_id>/assessments/<id:assessment_id>/pdf/", views.result_pdf, name="pdf"),
]
