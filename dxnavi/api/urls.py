from django.urls import path, re_path

from . import problems, v1, views

app_name = "api"

urlpatterns = [
    path("accounts/settings/api-tokens/", views.token_list, name="tokens"),
    path("accounts/settings/api-tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/v1/docs", views.docs, name="docs"),
    path("api/v1/problems/<slug:code>", views.problem_page, name="problem"),
]

# The API itself (namespace "api-v1"), then a problem 404 for any other path under /api/v1/.
api_urls = v1.urlpatterns()
fallback = [re_path(r"^api/v1/", problems.not_found_view)]
