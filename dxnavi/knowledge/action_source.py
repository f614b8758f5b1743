"""The generative-AI checklist in the company's action list (registered from ``KnowledgeConfig.ready()``).

Every item answered 「まだ」 (``no``) becomes an action (key ``genai:<item id>``): the title is the item's
to-do, the detail its advice, the link the item on the checklist page. One query: the company's ``no`` answers.
"""

from django.urls import reverse

from dxnavi.actions.registry import ActionCandidate

from . import content
from .models import GenAIAnswer

PREFIX = "genai:"
# The checklist item is written as a state (「…を決め、全員に伝えている」); the action says what to do
# (「…を決め、全員に伝える」). A text in another form keeps its words, prefixed with the theme.
_ENDINGS = (("している", "する"), ("ている", "る"), ("てある", "ておく"), ("できる", "できるようにする"))
_PREFIX = {"ja": "生成AIの利用：", "en": "Generative AI: "}


def todo(text: dict) -> dict:
    """The to-do of a checklist item's text, {"ja", "en"}."""
    ja = text["ja"].rstrip("。")
    for state, action in _ENDINGS:
        if ja.endswith(state):
            ja = ja[: -len(state)] + action
            break
    else:
        ja = _PREFIX["ja"] + ja
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
