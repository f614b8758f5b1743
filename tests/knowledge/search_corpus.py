"""A tiny, fixed corpus for the search tests: the guidance replaced by a few articles, and documents
indexed through ``index.index_document`` (the stamp bumped as the document views do)."""

from dxnavi.knowledge import content, index
from dxnavi.knowledge.models import Document
from dxnavi.orgs import data_stamp


def section(sid, body, heading=""):
    return {"id": sid, "heading": {"ja": heading, "en": heading}, "body": {"ja": body, "en": body}}


def article(aid, topic, sections, title=""):
    return {"id": aid, "topic": topic, "title": {"ja": title, "en": title}, "summary": {"ja": "", "en": ""}, "sections": sections}


def use_guidance(monkeypatch, articles, glossary=()):
    """Serve ``articles`` / ``glossary`` as the guidance library (a new list: the search index is rebuilt)."""
    articles, glossary = list(articles), list(glossary)
    by_id = {a["id"]: a for a in articles}
    monkeypatch.setattr(content, "articles", lambda: articles)
    monkeypatch.setattr(content, "glossary", lambda: glossary)
    monkeypatch.setattr(content, "article", lambda aid: by_id.get(aid))


def document(company, title, texts, kind="txt"):
    """A document whose passages are ``texts`` (a str, or (text, page, position, heading))."""
    doc = Document.objects.create(
        company=company, title=title, filename=f"{title}.{kind}", kind=kind, size=1,
        sha256=f"{title}-{company.pk}", content=b"", status="ready",
    )  # fmt: skip
    pieces = [index.Piece(t) if isinstance(t, str) else index.Piece(t[0], page=t[1], position=t[2], heading=t[3]) for t in texts]
    index.index_document(doc, pieces)
    data_stamp.bump(company.pk)
    return doc
