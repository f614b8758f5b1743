"""Knowledge URLs. Guidance (``knowledge/…``) is the same for everyone who is logged in; everything under
``c/<company_id>/knowledge/`` is company data and goes through ``scoping.company_view``.
Views are split by part: ``views_articles`` (library, glossary), ``views_genai`` (the generative-AI
checklist), ``views_search``, ``views_ask``, ``views_documents``.
"""

from django.urls import path, register_converter

from . import content, views_articles, views_genai


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
    # Before the article route: "glossary" would otherwise be read as an article id.
    path(GUIDE + "glossary/", views_articles.glossary, name="glossary"),
    path(COMPANY + "genai/", views_genai.genai, name="genai"),
]

# An article: ``knowledge/<slug:article_id>/`` with the ``article`` converter (only known ids match).
urlpatterns += [
    path(GUIDE + "<article:article_id>/", views_articles.article, name="article"),
]
