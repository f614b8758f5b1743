"""The generative-AI checklist in the company's action list (registered from ``KnowledgeConfig.ready()``).

Every item answered 「まだ」 (``no``) becomes an action (key ``genai:<item id>``): the title is the item's
to-do, the detail its advice, the link the item on the checklist page. One query: the company's ``no`` answers.
"""

import re

from django.urls import reverse

from dxnavi.actions.registry import ActionCandidate

from . import content
from .models import GenAIAnswer

PREFIX = "genai:"
# The checklist item is written as a state (「…を決め、全員に伝えている」); the action says what to do
# (「…を決め、全員に伝える」): the final 〜ている becomes the verb's dictionary form (Sudachi), 〜てある becomes
# 〜ておく, a trailing （…） is turned the same way. A text in another form is prefixed with the theme.
_PREFIX = {"ja": "生成AIの利用：", "en": "Generative AI: "}
_TRAILING_NOTE = re.compile(r"^(.*?)(（[^（）]*）)$")


def _dictionary_form(text: str) -> str | None:
    """``text`` with a final 〜ている / 〜てある turned into a to-do, None when it does not end so."""
    from sudachipy import SplitMode

    from .tokenizer import _tokenizer

    morphemes = list(_tokenizer().tokenize(text, SplitMode.C))
    if len(morphemes) < 3:
        return None
    verb, te, last = morphemes[-3:]
    if verb.part_of_speech()[0] != "動詞" or te.surface() not in ("て", "で"):
        return None
    if last.dictionary_form() == "いる":
        return text[: verb.begin()] + verb.dictionary_form()
    if last.dictionary_form() == "ある":
        return text[: last.begin()] + "おく"
    return None


def todo(text: dict) -> dict:
    """The to-do of a checklist item's text, {"ja", "en"}."""
    ja = text["ja"].strip().rstrip("。")
    main, note = ja, ""
    found = _TRAILING_NOTE.match(ja)
    if found:
        main, note = found.group(1), found.group(2)
        inner = _dictionary_form(note[1:-1])
        note = f"（{inner}）" if inner else note
    done = _dictionary_form(main)
    ja = done + note if done else _PREFIX["ja"] + ja
    return {"ja": ja, "en": _PREFIX["en"] + (text.get("en") or text["ja"])}


def collect(company) -> list[ActionCandidate]:
    open_items = set(
        GenAIAnswer.objects.filter(company=company, value=GenAIAnswer.Value.NO).values_list("item_id", flat=True)
    )
    if not open_items:
        return []
    page = reverse("knowledge:genai", args=[company.pk])
    result = []
    for item in content.genai_checklist()["items"]:
        if item["id"] not in open_items:
            continue
        title = todo(item["text"])
        result.append(ActionCandidate(
            key=f"{PREFIX}{item['id']}", title=title, detail=dict(item["advice"]), link=f"{page}#item-{item['id']}",
        ))  # fmt: skip
    return result
