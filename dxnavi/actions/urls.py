from django.urls import path

from . import views

app_name = "actions"

_BASE = "c/<int:company_id>/actions/"

urlpatterns = [
    path(_BASE, views.action_list, name="list"),
    path(_BASE + "go/", views.action_go, name="go"),
    path(_BASE + "refresh/", views.action_refresh, name="refresh"),
    path(_BASE + "reminders/", views.reminder_settings, name="reminders"),
    path(_BASE + "<int:action_id>/", views.action_detail, name="detail"),
    path(_BASE + "<int:action_id>/edit/", views.action_edit, name="edit"),
]
