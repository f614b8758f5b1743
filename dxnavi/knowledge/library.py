"""What the library pages show, in the active language: articles, their sections as blocks, the glossary.

A body is plain text: paragraphs split by a blank line, lines starting with 「- 」 are list items. The
blocks carry plain text; the templates escape it (and mark glossary words with ``|glossary``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxnavi.content.i18n import pick

from . import content, links

TOPIC_LABELS = {
    "security": _("Information security basics"),
    "incident": _("When an incident happens"),
    "threats": _("Threats and attacks"),
    "consult": _("Where to get help"),
    "dx": _("Digital transformation basics"),
    "tools": _("Tools for everyday work"),
    "ai": _("Using AI at work"),
    "law": _("Laws and rules to know"),
    "skills": _("Skills and people"),
}


def blocks(body: str) -> list[dict]:
    """[{"kind": "p", "lines": [...]}, {"kind": "ul", "items": [...]}] of a body text."""
    result = []
    for paragraph in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        for line in lines:
            if line.lstrip().startswith("- "):
                item = line.lstrip()[2:].strip()
                if result and result[-1]["kind"] == "ul" and result[-1].get("open"):
                    result[-1]["items"].append(item)
                else:
                    result.append({"kind": "ul", "items": [item], "open": True})
            else:
                if result and result[-1]["kind"] == "p" and result[-1].get("open"):
                    result[-1]["lines"].append(line.strip())
                else:
                    result.append({"kind": "p", "lines": [line.strip()], "open": True})
        for block in result:
            block["open"] = False
    return result


def _source_text(value) -> str:
    return pick(value) if isinstance(value, dict) else (value or "")


def library() -> list[dict]:
    """The articles grouped by topic, in the topics' order."""
    by_topic: dict[str, list] = {}
    for item in content.articles():
        by_topic.setdefault(item["topic"], []).append(
            {"id": item["id"], "title": pick(item["title"]), "summary": pick(item["summary"]),
             "url": reverse("knowledge:article", args=[item["id"]])}
        )  # fmt: skip
    return [
        {"id": topic, "label": TOPIC_LABELS[topic], "articles": by_topic[topic]}
        for topic in content.TOPICS if topic in by_topic
    ]  # fmt: skip


def article(item: dict) -> dict:
    source = _source_text(item.get("source"))
    sections = []
    for section in item["sections"]:
        table = section.get("table")
        own_source = _source_text(section.get("source"))
        sections.append({
            "id": section["id"], "heading": pick(section["heading"]), "blocks": blocks(pick(section["body"])),
            "table": {"columns": [pick(c) for c in table["columns"]], "rows": [[pick(c) for c in row] for row in table["rows"]]}
            if table else None,
            "source": own_source if own_source and own_source != source else "",
        })  # fmt: skip
    related = []
    for other_id in item.get("related") or []:
        other = content.article(other_id)
        if other is not None:
            related.append({"title": pick(other["title"]), "url": reverse("knowledge:article", args=[other_id])})
    return {
        "id": item["id"], "title": pick(item["title"]), "summary": pick(item["summary"]),
        "topic": TOPIC_LABELS.get(item["topic"], item["topic"]), "source": source, "as_of": item.get("as_of", ""),
        "sections": sections, "related": related,
    }  # fmt: skip


def glossary() -> list[dict]:
    groups = []
    for index, (label, terms) in enumerate(links.glossary_sorted()):
        rows = []
        for term in terms:
            other = content.article(term["article"]) if term.get("article") else None
            rows.append({
                "id": term["id"], "term": pick(term["term"]), "definition": pick(term["definition"]),
                "source": _source_text(term.get("source")), "as_of": term.get("as_of", ""),
                "article_title": pick(other["title"]) if other else "",
                "article_url": reverse("knowledge:article", args=[other["id"]]) if other else "",
            })  # fmt: skip
        groups.append({"label": label, "anchor": f"group-{index + 1}", "terms": rows})
    return groups
