from django.urls import path

from . import views

app_name = "dxdiag"

urlpatterns = [
    path("c/<id:company_id>/dx/certification/", views.certification, name="certification"),
]
