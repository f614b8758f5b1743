"""Knowledge URLs. Guidance (``knowledge/…``) is the same for everyone who is logged in; everything under
``c/<company_id>/knowledge/`` is company data and goes through ``scoping.company_view``.
Views are split by part: ``views_articles`` (library, glossary, the generative-AI checklist),
``views_search``, ``views_ask``, ``views_documents``.
"""

from django.urls import path

from . import views_documents
from . import views_ask

app_name = "knowledge"

GUIDE = "knowledge/"
COMPANY = "c/<id:company_id>/knowledge/"

urlpatterns = []

# The company's own documents (views_documents)
urlpatterns += [
    path(f"{COMPANY}documents/", views_documents.document_list, name="documents"),
    path(f"{COMPANY}documents/<id:document_id>/", views_documents.document_detail, name="document"),
    path(f"{COMPANY}documents/<id:document_id>/delete/", views_documents.document_delete, name="document_delete"),
    path(f"{COMPANY}documents/<id:document_id>/file", views_documents.document_file, name="document_file"),
]
# 相談する (views_ask)
urlpatterns += [path(f"{COMPANY}ask/", views_ask.ask, name="ask")]

# Search (views_search.py)
from . import views_search  # noqa: E402

urlpatterns += [
    path(GUIDE + "search/", views_search.guidance_search, name="search"),
    path(COMPANY + "search/", views_search.company_search, name="company_search"),
]
