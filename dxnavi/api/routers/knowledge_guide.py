"""The guidance library of ``dxnavi.knowledge`` (``content/knowledge/``): the articles, one article with its
sections, the glossary. Content, not company data: the same for every valid token."""

from django.urls import NoReverseMatch, reverse
from ninja import Field, Router, Schema

from dxnavi.knowledge import content

from ..problems import Problem
from ..schemas import Text, text

PREFIX = "/knowledge"
router = Router(tags=["knowledge"])


def url_of(name: str, *args, anchor: str = "") -> str | None:
    """The web page's path, or None while that page is not part of the site."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}#{anchor}" if anchor else url


class ArticleItem(Schema):
    id: str
    topic: str
    title: Text
    summary: Text
    source: str = Field(description="The publication the article is based on.")
    as_of: str
    url: str | None = Field(description="The article's page on the web.")


class ArticlesOut(Schema):
    items: list[ArticleItem]


class TableOut(Schema):
    columns: list[Text]
    rows: list[list[Text]]


class SectionOut(Schema):
    id: str = Field(description="The section's anchor on the article's page.")
    heading: Text
    body: Text = Field(description="Plain text: paragraphs split by a blank line, lines starting with 「- 」 are list items.")
    table: TableOut | None
    source: str = Field(description="The section's own source; empty when it is the article's.")
    url: str | None


class ArticleOut(ArticleItem):
    related: list[str] = Field(description="Ids of related articles.")
    sections: list[SectionOut]


def article_item(article: dict) -> dict:
    return {
        "id": article["id"], "topic": article["topic"], "title": text(article["title"]), "summary": text(article["summary"]),
        "source": str(article.get("source", "")), "as_of": str(article.get("as_of", "")),
        "url": url_of("knowledge:article", article["id"]),
    }  # fmt: skip


@router.get("/articles", response=ArticlesOut, summary="The guidance library's articles (any token)")
def list_knowledge_articles(request):
    return {"items": [article_item(a) for a in content.articles()]}


def _section(article: dict, section: dict) -> dict:
    table = section.get("table")
    return {
        "id": section["id"], "heading": text(section["heading"]), "body": text(section["body"]),
        "table": {"columns": [text(c) for c in table["columns"]], "rows": [[text(c) for c in row] for row in table["rows"]]} if table else None,
        "source": str(section.get("source", "")), "url": url_of("knowledge:article", article["id"], anchor=section["id"]),
    }  # fmt: skip


@router.get("/articles/{article_id}", response=ArticleOut, summary="One article with its sections (any token)")
def get_knowledge_article(request, article_id: str):
    article = content.article(article_id)
    if article is None:
        raise Problem("not_found")
    return {**article_item(article), "related": list(article.get("related") or []),
            "sections": [_section(article, s) for s in article["sections"]]}


class TermOut(Schema):
    id: str
    term: Text
    aliases: list[str] = Field(description="The spellings marked where they appear in Japanese text.")
    definition: Text
    article: str | None = Field(description="The id of the article that explains the term.")
    source: str
    as_of: str
    url: str | None = Field(description="The term on the web's glossary page.")


class GlossaryOut(Schema):
    items: list[TermOut]


@router.get("/glossary", response=GlossaryOut, summary="The glossary (用語集, any token)")
def list_knowledge_glossary(request):
    return {"items": [{
        "id": t["id"], "term": text(t["term"]), "aliases": list(t.get("aliases") or []), "definition": text(t["definition"]),
        "article": t.get("article") or None, "source": str(t.get("source", "")), "as_of": str(t.get("as_of", "")),
        "url": url_of("knowledge:glossary", anchor=f"term-{t['id']}"),
    } for t in content.glossary()]}  # fmt: skip
