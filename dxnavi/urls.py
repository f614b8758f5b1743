from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dxnavi.web.urls")),
    path("", include("dxnavi.orgs.urls")),
    path("accounts/", include("dxnavi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
