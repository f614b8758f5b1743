"""The guidance library (``content/knowledge/``): articles, the glossary and the generative-AI checklist.

- ``articles/*.yaml``: files of ``articles``; an article has a stable ``id`` (its URL), a ``topic``
  (``TOPICS``), ``title``/``summary`` {ja, en}, ``source`` + ``as_of``, optional ``covers`` (the keys it
  explains: ``selfcheck:SC01``, ``dxmaturity:DM03``, ``incidents:*`` — ``*`` at the end matches a prefix;
  ``explained_by``/``link_for`` resolve a self-check or maturity item or an action key to its article; a
  section may have its own ``covers``, which wins), optional
  ``related`` (other article ids) and ``sections`` (``id``, ``heading`` and ``body`` {ja, en}, optional
  ``table`` {columns, rows} of {ja, en} cells, optional own ``source``). A body is plain text: paragraphs
  split by a blank line, lines starting with 「- 」 are list items.
- The article ``common_tools`` is not written here: it is built from the problem → tool guide of
  ``content/plans/tools.yaml`` (each tool category with its Before/After), so the two never disagree.
- ``glossary.yaml``: ``terms`` (``id``, ``term`` {ja, en}, ``aliases`` — the spellings marked where they
  appear —, ``definition`` {ja, en}, optional ``article``, ``source``, ``as_of``).
- ``genai_checklist.yaml``: the ``cautions`` and the checklist ``items`` (``caution``, ``text``, ``advice``,
  ``article``) that feed the action list.
Every error is a ValueError naming the file and the item (``load_content`` runs ``check_all``).
"""

import re
import threading
from pathlib import Path

import yaml
from django.conf import settings

from dxnavi.content.validation import check_items, check_sources, check_text

ARTICLES_DIR = "knowledge/articles"
GLOSSARY = "knowledge/glossary.yaml"
CHECKLIST = "knowledge/genai_checklist.yaml"
TOPICS = ("security", "incident", "threats", "consult", "dx", "tools", "ai", "law", "skills")
COMMON_TOOLS = "common_tools"
GLOSSARY_ARTICLE = "glossary"
SLUG = re.compile(r"^[a-z0-9][a-z0-9_]{1,60}$")
COVER = re.compile(r"^[a-z_]+:([A-Za-z0-9_:.-]+|\*)$|^[a-z_]+:[A-Za-z0-9_:.-]*\*$")

_lock = threading.Lock()
_cache: dict | None = None


def _root() -> Path:
    return Path(settings.CONTENT_DIR)


def _read(relative: str):
    with (_root() / relative).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{relative}: not a mapping")
    check_sources(relative, data)
    return data


def _slug(filename, where, value):
    if not isinstance(value, str) or not SLUG.match(value):
        raise ValueError(f"{filename}: {where} id {value!r} must be lower-case letters, digits and _")


def _check_covers(filename, where, covers):
    if covers is not None and not isinstance(covers, list):
        raise ValueError(f"{filename}: {where} covers must be a list")
    for cover in covers or []:
        if not isinstance(cover, str) or not COVER.match(cover):
            raise ValueError(f"{filename}: {where} covers {cover!r} is not 'source:item' or 'source:prefix*'")


def _check_article(filename, article):
    _slug(filename, "article", article["id"])
    where = f"item {article['id']!r}"
    if article.get("topic") not in TOPICS:
        raise ValueError(f"{filename}: {where} topic must be one of {', '.join(TOPICS)}")
    for key in ("title", "summary"):
        check_text(filename, where, article, key)
    _check_covers(filename, where, article.get("covers"))
    sections = article.get("sections")
    if not isinstance(sections, list) or not sections:
        raise ValueError(f"{filename}: {where} has no sections")
    seen = set()
    for index, section in enumerate(sections):
        if not isinstance(section, dict):
            raise ValueError(f"{filename}: {where} sections[{index}] is not a mapping")
        _slug(filename, f"{where} section", section.get("id"))
        if section["id"] in seen:
            raise ValueError(f"{filename}: {where} section {section['id']!r} is listed twice")
        seen.add(section["id"])
        swhere = f"{where} section {section['id']!r}"
        check_text(filename, swhere, section, "heading")
        check_text(filename, swhere, section, "body")
        _check_covers(filename, swhere, section.get("covers"))
        table = section.get("table")
        if table is not None:
            columns, rows = table.get("columns"), table.get("rows")
            if not isinstance(columns, list) or not columns or not isinstance(rows, list) or not rows:
                raise ValueError(f"{filename}: {swhere} table needs columns and rows")
            for row_index, row in enumerate(rows):
                if not isinstance(row, list) or len(row) != len(columns):
                    raise ValueError(f"{filename}: {swhere} table row {row_index + 1} needs {len(columns)} cells")
                for cell_index, cell in enumerate(row):
                    check_text(filename, f"{swhere} row {row_index + 1}", {"cell": cell}, "cell")
            for cell in columns:
                check_text(filename, f"{swhere} columns", {"cell": cell}, "cell")


def _common_tools_article() -> dict:
    """The common tools with their Before/After, from the problem → tool guide (one source of truth)."""
    from dxnavi.plans import content as plans_content

    tools = plans_content.tools()
    sections = []
    for category in tools["categories"]:
        lines = {lang: [category["summary"][lang], "", "Before:" if lang == "en" else "導入前（Before）："] for lang in ("ja", "en")}
        for lang in ("ja", "en"):
            lines[lang].extend(f"- {item[lang]}" for item in category.get("before", []))
            lines[lang].extend(["", "After:" if lang == "en" else "導入後（After）："])
            lines[lang].extend(f"- {item[lang]}" for item in category.get("after", []))
        sections.append({
            "id": category["id"], "heading": category["title"],
            "body": {lang: "\n".join(lines[lang]) for lang in ("ja", "en")},
            "source": category["source"], "group": category.get("group", ""),
        })  # fmt: skip
    return {
        "id": COMMON_TOOLS, "topic": "tools",
        "title": {"ja": "業務を効率化するツールと導入前後（Before/After）", "en": "Tools that make work easier, before and after"},
        "summary": {"ja": "日常業務の共通ツールと業種ごとのシステムについて、導入前の困りごとと導入後の姿を並べました。",
                    "en": "Everyday tools and industry systems: the problem before and the picture after."},
        "source": tools["categories"][0]["source"], "as_of": tools.get("as_of", ""),
        "covers": ["plans:*"], "sections": sections, "derived": True,
    }  # fmt: skip


def _load() -> dict:
    articles, files = [], sorted((_root() / ARTICLES_DIR).glob("*.yaml"))
    if not files:
        raise ValueError(f"{ARTICLES_DIR}: no article files")
    for path in files:
        relative = f"{ARTICLES_DIR}/{path.name}"
        data = _read(relative)
        for article in check_items(relative, data, "articles", ("title", "summary")):
            _check_article(relative, article)
            article["file"] = relative
            articles.append(article)
    articles.append(_common_tools_article())
    by_id = {}
    for article in articles:
        if article["id"] in by_id or article["id"] == GLOSSARY_ARTICLE:
            raise ValueError(f"{article.get('file', 'plans')}: article {article['id']!r} is defined twice")
        by_id[article["id"]] = article
    for article in articles:
        for other in article.get("related") or []:
            if other not in by_id:
                raise ValueError(f"{article['file']}: item {article['id']!r} related {other!r} is not an article")
    glossary = _read(GLOSSARY)
    terms = check_items(GLOSSARY, glossary, "terms", ("term", "definition"))
    for term in terms:
        _slug(GLOSSARY, "term", term["id"])
        aliases = term.setdefault("aliases", [term["term"]["ja"]])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ValueError(f"{GLOSSARY}: item {term['id']!r} aliases must be a list of words")
        if term.get("article") and term["article"] not in by_id:
            raise ValueError(f"{GLOSSARY}: item {term['id']!r} article {term['article']!r} is not an article")
    checklist = _read(CHECKLIST)
    cautions = check_items(CHECKLIST, checklist, "cautions", ("title",))
    caution_ids = {c["id"] for c in cautions}
    for item in check_items(CHECKLIST, checklist, "items", ("text", "advice")):
        if item.get("caution") not in caution_ids:
            raise ValueError(f"{CHECKLIST}: item {item['id']!r} caution {item.get('caution')!r} is not a caution")
        if item.get("article") not in by_id:
            raise ValueError(f"{CHECKLIST}: item {item['id']!r} article {item.get('article')!r} is not an article")
    return {"articles": articles, "by_id": by_id, "glossary": terms, "checklist": checklist}


def _data() -> dict:
    global _cache
    if _cache is None:
        fresh = _load()
        with _lock:
            if _cache is None:
                _cache = fresh
    return _cache


def clear_cache() -> None:
    global _cache
    with _lock:
        _cache = None


def articles() -> list[dict]:
    return _data()["articles"]


def article(article_id: str) -> dict | None:
    return _data()["by_id"].get(article_id)


def glossary() -> list[dict]:
    return _data()["glossary"]


def genai_checklist() -> dict:
    return _data()["checklist"]


def _cover_matches(covers, key):
    """-1: no match; 10**6: exact; else the length of the matching prefix cover."""
    best = -1
    for cover in covers or []:
        if cover == key:
            return 10**6
        if cover.endswith("*") and key.startswith(cover[:-1]):
            best = max(best, len(cover))
    return best


def explained_by(key: str) -> tuple[dict, str | None] | None:
    """The article (and section, when a section ``covers`` it) that explains an item or action key.

    Keys are ``selfcheck:SC01``, ``dxmaturity:DM03``, ``dxstage:<activity>``, ``secaction:…``, the action keys
    and topics of every action source. Section covers win over article covers; exact over prefix; the longest
    prefix wins; the first article in file order breaks ties.
    """
    best, best_rank = None, -1
    for item in articles():
        for section in item["sections"]:
            rank = _cover_matches(section.get("covers"), key)
            if rank >= 0 and rank * 2 + 1 > best_rank:
                best, best_rank = (item, section["id"]), rank * 2 + 1
        rank = _cover_matches(item.get("covers"), key)
        if rank >= 0 and rank * 2 > best_rank:
            best, best_rank = (item, None), rank * 2
    return best


def article_for(key: str) -> dict | None:
    found = explained_by(key)
    return found[0] if found else None


def link_for(key: str) -> str | None:
    """URL of the article (with the section anchor) that explains ``key``, or None."""
    from django.urls import reverse

    found = explained_by(key)
    if not found:
        return None
    url = reverse("knowledge:article", args=[found[0]["id"]])
    return f"{url}#{found[1]}" if found[1] else url


def check_all() -> list[str]:
    clear_cache()
    data = _load()
    sections = sum(len(a["sections"]) for a in data["articles"])
    return [
        f"{ARTICLES_DIR}: {len(data['articles'])} articles, {sections} sections — valid",
        f"{GLOSSARY}: {len(data['glossary'])} terms — valid",
        f"{CHECKLIST}: {len(data['checklist']['items'])} checklist items — valid",
    ]
