from django.contrib import admin
from django.urls import include, path

from dxnavi.web import views as web_views

urlpatterns = [
    path("", include("dxnavi.web.urls")),
    path("", include("dxnavi.orgs.urls")),
    path("", include("dxnavi.assessments.urls")),
    path("", include("dxnavi.dxdiag.urls")),
    path("", include("dxnavi.secaction.urls")),
    path("", include("dxnavi.subsidies.urls")),
    path("", include("dxnavi.plans.urls")),
    path("", include("dxnavi.actions.urls")),
    path("accounts/", include("dxnavi.accounts.urls")),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
