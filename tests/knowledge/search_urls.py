"""The project's URLconf for the search tests, with stand-ins for the knowledge pages other parts serve
(``knowledge:article``, ``knowledge:glossary``, ``knowledge:document``) while those are not yet in
``dxnavi.knowledge.urls``: search builds its links with them. A name the app already has is left alone,
so once every part is in place this is the project's own URLconf."""

from django.http import HttpResponse
from django.urls import include, path

from dxnavi import urls as root
from dxnavi.knowledge import urls as knowledge_urls


def _page(request, **kwargs):
    return HttpResponse("stand-in")


_STAND_INS = {
    "article": "knowledge/<slug:article_id>/",
    "glossary": "knowledge/glossary/",
    "document": "c/<id:company_id>/knowledge/documents/<id:document_id>/",
}
_have = {getattr(p, "name", None) for p in knowledge_urls.urlpatterns}
_patterns = list(knowledge_urls.urlpatterns) + [path(route, _page, name=name) for name, route in _STAND_INS.items() if name not in _have]
# the stand-in article pattern is a catch-all slug: it goes last so knowledge/search/ still resolves

urlpatterns = [
    path("", include((_patterns, "knowledge"))) if getattr(p, "app_name", None) == "knowledge" else p
    for p in root.urlpatterns
]
handler400, handler403, handler404, handler500 = root.handler400, root.handler403, root.handler404, root.handler500
