from django.urls import path

from . import views

app_name = "surface"

_BASE = "c/<id:company_id>/surface/"
_DOMAIN = _BASE + "<id:domain_id>/"

urlpatterns = [
    path(_BASE, views.domains, name="domains"),
    path(_BASE + "add/", views.domain_add, name="domain_add"),
    path(_DOMAIN, views.domain, name="domain"),
    path(_DOMAIN + "verify/", views.domain_verify, name="domain_verify"),
    path(_DOMAIN + "remove/", views.domain_remove, name="domain_remove"),
    path(_DOMAIN + "check/", views.domain_check, name="domain_check"),
    path(_DOMAIN + "result/", views.result, name="result"),
    path(_DOMAIN + "history/", views.history, name="history"),
    path(_DOMAIN + "runs/<id:run_id>/", views.run, name="run"),
]
