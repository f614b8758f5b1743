from django.urls import path

from . import client_views, comparison_views, industry_views, invitation_views, views

app_name = "orgs"

urlpatterns = [
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/industry-choices/", industry_views.industry_choices, name="industry_choices"),
    path("c/<id:company_id>/profile/", views.company_edit, name="company_edit"),
    path("c/<id:company_id>/advisers/", views.company_advisers, name="company_advisers"),
    path("c/<id:company_id>/advisers/<id:link_id>/<str:decision>/", views.company_link_decide, name="company_link_decide"),
    path("c/<id:company_id>/audit/", views.company_audit, name="company_audit"),
    path("c/<id:company_id>/members/", views.company_members, name="company_members"),
    path("c/<id:company_id>/members/<id:membership_id>/remove/", views.company_member_remove, name="company_member_remove"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("adviser/orgs/new/", views.adviser_org_create, name="adviser_org_create"),
    path("adviser/o/<id:org_id>/", client_views.adviser_org, name="adviser_org"),
    path("adviser/o/<id:org_id>/clients.xlsx", client_views.adviser_clients_xlsx, name="adviser_clients_xlsx"),
    path("adviser/o/<id:org_id>/links/<id:link_id>/assignee/", client_views.adviser_assign_client, name="adviser_assign_client"),
    path("adviser/o/<id:org_id>/filters/", client_views.adviser_filter_save, name="adviser_filter_save"),
    path("adviser/o/<id:org_id>/filters/<id:filter_id>/", client_views.adviser_filter_apply, name="adviser_filter_apply"),
    path(
        "adviser/o/<id:org_id>/filters/<id:filter_id>/delete/", client_views.adviser_filter_delete, name="adviser_filter_delete"
    ),
    path("adviser/o/<id:org_id>/members/", views.adviser_org_members, name="adviser_org_members"),
    path(
        "adviser/o/<id:org_id>/members/<id:membership_id>/role/", views.adviser_org_member_role, name="adviser_org_member_role"
    ),
    path(
        "adviser/o/<id:org_id>/members/<id:membership_id>/remove/",
        views.adviser_org_member_remove,
        name="adviser_org_member_remove",
    ),
    path("adviser/o/<id:org_id>/leave/", views.adviser_org_leave, name="adviser_org_leave"),
    path("adviser/o/<id:org_id>/clients/new/", views.adviser_register_client, name="adviser_register_client"),
    path("adviser/o/<id:org_id>/comparison/", comparison_views.adviser_comparison, name="adviser_comparison"),
    path("adviser/o/<id:org_id>/invitations/", invitation_views.adviser_invitations, name="adviser_invitations"),
    path(
        "adviser/o/<id:org_id>/invitations/<id:invitation_id>/resend/",
        invitation_views.adviser_invitation_resend,
        name="adviser_invitation_resend",
    ),
    path(
        "adviser/o/<id:org_id>/invitations/<id:invitation_id>/cancel/",
        invitation_views.adviser_invitation_cancel,
        name="adviser_invitation_cancel",
    ),
]
