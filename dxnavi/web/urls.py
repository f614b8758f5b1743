from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("c/<id:company_id>/", views.company_dashboard, name="company_dashboard"),
    path("adviser/", views.adviser_home, name="adviser_home"),
]
