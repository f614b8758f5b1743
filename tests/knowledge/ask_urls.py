"""The project's URLconf for the 相談する page tests: ``search_urls`` (stand-ins for the article, glossary
and document pages) plus a stand-in for ``knowledge:company_search`` while the search page is not yet in
``dxnavi.knowledge.urls`` (the answer links to it). A name the app already has is left alone."""

from django.http import HttpResponse
from django.urls import include, path

from dxnavi import urls as root

from . import search_urls


def _page(request, **kwargs):
    return HttpResponse("stand-in")


_knowledge = next(p for p in search_urls.urlpatterns if getattr(p, "app_name", None) == "knowledge")
_have = {getattr(p, "name", None) for p in _knowledge.url_patterns}
_extra = [path("c/<id:company_id>/knowledge/search/", _page, name="company_search")] if "company_search" not in _have else []
# before the stand-ins' catch-all article slug
_patterns = _extra + list(_knowledge.url_patterns)

urlpatterns = [
    path("", include((_patterns, "knowledge"))) if getattr(p, "app_name", None) == "knowledge" else p
    for p in root.urlpatterns
]
handler400, handler403, handler404, handler500 = root.handler400, root.handler403, root.handler404, root.handler500
