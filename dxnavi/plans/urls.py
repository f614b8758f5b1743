from django.urls import path

from . import views

app_name = "plans"

_BASE = "c/<int:company_id>/plan/"

urlpatterns = [
    path(_BASE, views.overview, name="overview"),
]
