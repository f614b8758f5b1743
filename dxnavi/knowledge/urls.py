"""Knowledge URLs. Guidance (``knowledge/…``) is the same for everyone who is logged in; everything under
``c/<company_id>/knowledge/`` is company data and goes through ``scoping.company_view``.
Views are split by part: ``views_articles`` (library, glossary), ``views_genai`` (the generative-AI
checklist), ``views_search``, ``views_ask``, ``views_documents``.
"""

from django.urls import path, register_converter

from . import content, views_articles, views_ask, views_documents, views_genai, views_search


class ArticleConverter:
    """A slug that names an article: any other word does not match, so ``knowledge/<word>/`` routes of the
    other parts (search, glossary …) resolve wherever they are listed, and an unknown id is a 404."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        if content.article(value) is None:
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value


register_converter(ArticleConverter, "article")

app_name = "knowledge"

GUIDE = "knowledge/"
COMPANY = "c/<id:company_id>/knowledge/"

urlpatterns = [
    path(GUIDE, views_articles.index, name="index"),
    # Before the article route: "glossary" and "search" would otherwise be read as article ids.
    path(GUIDE + "glossary/", views_articles.glossary, name="glossary"),
    path(GUIDE + "search/", views_search.guidance_search, name="search"),
    path(COMPANY + "search/", views_search.company_search, name="company_search"),
    path(COMPANY + "ask/", views_ask.ask, name="ask"),
    path(COMPANY + "genai/", views_genai.genai, name="genai"),
    # The company's own documents
    path(COMPANY + "documents/", views_documents.document_list, name="documents"),
    path(COMPANY + "documents/<id:document_id>/", views_documents.document_detail, name="document"),
    path(COMPANY + "documents/<id:document_id>/delete/", views_documents.document_delete, name="document_delete"),
    path(COMPANY + "documents/<id:document_id>/file", views_documents.document_file, name="document_file"),
    # An article (the ``article`` converter: only known ids match)
    path(GUIDE + "<article:article_id>/", views_articles.article, name="article"),
]
