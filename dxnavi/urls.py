from django.contrib import admin
from django.urls import include, path

from dxnavi import converters
from dxnavi.web import views as web_views
from dxnavi.web.favicon import favicon

converters.register()  # <id:…> for every database id in a URL, before the apps' URLconfs load

from dxnavi.api import urls as api_urls  # noqa: E402  (after the converters)

urlpatterns = [
    path("", include("dxnavi.web.urls")),
    path("", include("dxnavi.orgs.urls")),
    path("", include("dxnavi.assessments.urls")),
    path("", include("dxnavi.dxdiag.urls")),
    path("", include("dxnavi.secaction.urls")),
    path("", include("dxnavi.subsidies.urls")),
    path("", include("dxnavi.privacy.urls")),
    path("", include("dxnavi.plans.urls")),
    path("", include("dxnavi.actions.urls")),
    path("", include("dxnavi.summary.urls")),
    path("", include("dxnavi.jobs.urls")),
    path("", include("dxnavi.regional.urls")),
    path("", include("dxnavi.onboarding.urls")),
    path("", include("dxnavi.support.urls")),
    path("", include("dxnavi.api.urls")),
    path("api/v1/", include((api_urls.api_urls[0], api_urls.api_urls[1]), namespace=api_urls.api_urls[2])),
    *api_urls.fallback,
    path("", include("dxnavi.incidents.urls")),
    path("", include("dxnavi.knowledge.urls")),
    path("", include("dxnavi.surface.urls")),
    path("accounts/", include("dxnavi.accounts.urls")),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
]

# Error pages in the site's layout (dxnavi/web/errors.py); CSRF failures: settings.CSRF_FAILURE_VIEW.
handler400 = "dxnavi.web.errors.bad_request"
handler403 = "dxnavi.web.errors.permission_denied"
handler404 = "dxnavi.web.errors.page_not_found"
handler500 = "dxnavi.web.errors.server_error"
