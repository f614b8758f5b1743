from django.urls import path

from . import views, views_publish

app_name = "secaction"

_BASE = "c/<id:company_id>/security-action/"

urlpatterns = [
    path(_BASE, views.readiness, name="readiness"),
    path(_BASE + "checklist/", views.checklist, name="checklist"),
    path(_BASE + "checklist/<str:item_id>/", views.checklist_toggle, name="checklist_toggle"),
    path(_BASE + "policy/", views.policy_list, name="policy_list"),
    path(_BASE + "policy/new/", views.policy_new, name="policy_new"),
    path(_BASE + "policy/<id:policy_id>/", views.policy_detail, name="policy_detail"),
    path(_BASE + "policy/<id:policy_id>/adopt/", views.policy_adopt, name="policy_adopt"),
    path(_BASE + "policy/<id:policy_id>/pdf/", views.policy_pdf, name="policy_pdf"),
    path(_BASE + "policy/<id:policy_id>/docx/", views.policy_docx, name="policy_docx"),
    path(_BASE + "policy/<id:policy_id>/restore/", views.policy_restore, name="policy_restore"),
    path(_BASE + "policy/<id:policy_id>/compare/", views.policy_compare, name="policy_compare"),
    path(_BASE + "policy/publish/", views_publish.policy_publish, name="policy_publish"),
    path(_BASE + "policy/publish/set/", views_publish.policy_publish_set, name="policy_publish_set"),
    # No login: the unguessable token is the key (see publication.py).
    path("security-policy/<slug:token>/", views_publish.public_policy, name="public_policy"),
]
