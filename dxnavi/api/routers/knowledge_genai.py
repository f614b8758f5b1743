"""The generative-AI checklist of a company (``dxnavi.knowledge``, the web's ``knowledge:genai`` page): the
cautions with their items, each with the company's answer and the article that explains it (GET), and all
answers at once (PUT: owners/editors, write scope) through the web's ``GenAIForm`` and
``genai.save_genai_answers`` — one transaction; an item left out or ``null`` is cleared; items answered
``no`` become actions, as on the web."""

from typing import Literal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from dxnavi.knowledge import content, genai, links
from dxnavi.knowledge.forms_genai import GenAIForm, field_name
from dxnavi.knowledge.models import GenAIAnswer

from ..access import company_operation
from ..form_errors import form_problem
from ..problems import Problem, both
from ..schemas import Text, text

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["knowledge"])

GENAI = "/{company_id}/knowledge/genai"
Value = Literal["yes", "no", "na"]


class ChoiceOut(Schema):
    value: Value
    label: Text


class ItemOut(Schema):
    id: str
    text: Text
    advice: Text
    article: str = Field(description="The id of the article that explains the item.")
    article_url: str
    answer: Value | None = Field(description="yes (in place), no (not yet), na (we do not use this); null: not answered.")


class CautionOut(Schema):
    id: str
    title: Text
    items: list[ItemOut]


class GenAIOut(Schema):
    cautions: list[CautionOut]
    choices: list[ChoiceOut]
    done: int = Field(description="Items answered yes or na, as the web's counter.")
    total: int


def _checklist(access) -> dict:
    data = content.genai_checklist()
    answers = genai.genai_answers(access)
    cautions = {c["id"]: {"id": c["id"], "title": text(c["title"]), "items": []} for c in data["cautions"]}
    for item in data["items"]:
        cautions[item["caution"]]["items"].append({
            "id": item["id"], "text": text(item["text"]), "advice": text(item["advice"]), "article": item["article"],
            "article_url": links.explain_url(f"genai:{item['id']}") or reverse("knowledge:article", args=[item["article"]]),
            "answer": answers.get(item["id"]),
        })  # fmt: skip
    choices = []
    for value, label in GenAIAnswer.Value.choices:
        ja, en = both(label)
        choices.append({"value": value, "label": {"ja": ja, "en": en}})
    return {
        "cautions": [c for c in cautions.values() if c["items"]], "choices": choices,
        "done": sum(1 for v in answers.values() if v in ("yes", "na")), "total": len(data["items"]),
    }  # fmt: skip


@router.get(GENAI, response=GenAIOut, summary="The generative-AI checklist with the company's answers")
@company_operation(need="view")
def get_knowledge_genai(request, access):
    return _checklist(access)


class GenAIIn(Schema):
    answers: dict[str, str | None] = Field(
        title="回答", description="Item id → yes / no / na, or null. Every item not sent is cleared (all answers at once).")


def _label_ja(item_id: str) -> str:
    return f"回答（{item_id}）"


def _problems(payload: GenAIIn, items) -> list[dict]:
    """Every refused answer, named ``answers.<item id>``: an unknown item, or a value the web's form refuses."""
    known = {item["id"] for item in items}
    errors = []
    for item_id in sorted(set(payload.answers) - known):
        ja, en = both(gettext_lazy("This item is not in the checklist."))
        errors.append({"field": f"answers.{item_id}", "field_ja": _label_ja(item_id), "message": en, "message_ja": ja})
    data = {field_name(k): v for k, v in payload.answers.items() if v is not None and k in known}
    problem = form_problem(lambda: GenAIForm(items, data), {})
    by_field = {field_name(item["id"]): item["id"] for item in items}
    for error in problem.errors or []:
        item_id = by_field.get(error["field"], error["field"])
        errors.append({**error, "field": f"answers.{item_id}", "field_ja": _label_ja(item_id)})
    return errors


@router.put(GENAI, response=GenAIOut, summary="Save all answers of the checklist at once (owners and editors, write scope)")
@company_operation(need="edit")
def put_knowledge_genai(request, access, payload: GenAIIn):
    items = content.genai_checklist()["items"]
    form = GenAIForm(items, {field_name(k): v for k, v in payload.answers.items() if v is not None})
    if set(payload.answers) - {item["id"] for item in items} or not form.is_valid():
        errors = _problems(payload, items)
        key = "message_ja" if (translation.get_language() or "ja").startswith("ja") else "message"
        raise Problem("validation_error", ("；" if key == "message_ja" else "; ").join(e[key] for e in errors), errors=errors)
    genai.save_genai_answers(access, request.auth.token.user, form.answers())
    return _checklist(access)
