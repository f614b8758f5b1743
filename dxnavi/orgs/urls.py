from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("companies/new/", views.company_create, name="company_create"),
    path("c/<int:company_id>/profile/", views.company_edit, name="company_edit"),
    path("c/<int:company_id>/advisers/", views.company_advisers, name="company_advisers"),
    path("c/<int:company_id>/advisers/<int:link_id>/<str:decision>/", views.company_link_decide, name="company_link_decide"),
    path("c/<int:company_id>/audit/", views.company_audit, name="company_audit"),
    path("c/<int:company_id>/members/", views.company_members, name="company_members"),
    path("c/<int:company_id>/members/<int:membership_id>/remove/", views.company_member_remove, name="company_member_remove"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("adviser/orgs/new/", views.adviser_org_create, name="adviser_org_create"),
    path("adviser/o/<int:org_id>/", views.adviser_org, name="adviser_org"),
    path("adviser/o/<int:org_id>/clients.xlsx", views.adviser_clients_xlsx, name="adviser_clients_xlsx"),
    path("adviser/o/<int:org_id>/members/", views.adviser_org_members, name="adviser_org_members"),
    path(
        "adviser/o/<int:org_id>/members/<int:membership_id>/role/", views.adviser_org_member_role, name="adviser_org_member_role"
    ),
    path(
        "adviser/o/<int:org_id>/members/<int:membership_id>/remove/",
        views.adviser_org_member_remove,
        name="adviser_org_member_remove",
    ),
    path("adviser/o/<int:org_id>/leave/", views.adviser_org_leave, name="adviser_org_leave"),
    path("adviser/o/<int:org_id>/clients/new/", views.adviser_register_client, name="adviser_register_client"),
]
