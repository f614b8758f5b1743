"""Questionnaire packs (not company data: any valid token reads them), parsed once per process by
``assessments.pack_cache``."""

from ninja import Field, Query, Router, Schema

from dxnavi.assessments import pack_cache
from dxnavi.assessments.models import QuestionnairePack

from ..pagination import PageParams, paginate
from ..problems import Problem
from ..schemas import Text, text

PREFIX = "/packs"
router = Router(tags=["packs"])


class PackVersion(Schema):
    id: int
    pack_id: str
    version: str
    title: Text


class PackPage(Schema):
    items: list[PackVersion]
    next_cursor: str | None


class Option(Schema):
    id: str
    label: Text
    points: int | None


class Question(Schema):
    id: str
    number: str
    type: str
    text: Text
    hint: Text
    options: list[Option]


class Part(Schema):
    id: str
    title: Text
    questions: list[Question]


class PackDetail(Schema):
    id: int
    pack_id: str
    version: str
    title: Text
    intro: Text
    strategy: str
    level_scale: list[dict]
    bands: list[dict]
    parts: list[Part]


@router.get("", response=PackPage, summary="Questionnaire pack versions")
def list_packs(request, page: Query[PageParams]):
    def item(row):
        spec = pack_cache.spec_for(row.pk)
        return {"id": row.pk, "pack_id": row.pack_id, "version": row.version, "title": text(spec.title)}

    return paginate(request, QuestionnairePack.objects.all(), ordering=("pack_id", "id"), page=page, item=item)


class VersionParam(Schema):
    version: str | None = Field(None, max_length=32, title="版", description="A stored version; the newest by default.")


@router.get("/{pack_id}", response=PackDetail, summary="One pack with its parts, questions and options")
def get_pack(request, pack_id: str, params: Query[VersionParam]):
    rows = QuestionnairePack.objects.filter(pack_id=pack_id[:64])
    if params.version:
        rows = rows.filter(version=params.version)
    row = rows.order_by("-loaded", "-id").first()
    if row is None:
        raise Problem("not_found")
    spec = pack_cache.spec_for(row.pk)
    parts = []
    for part in spec.parts:
        questions = []
        for q in part["questions"]:
            questions.append({
                "id": q["id"], "number": str(q.get("number", "")), "type": q.get("type", "choice"), "text": text(q.get("text")),
                "hint": text(q.get("hint")),
                "options": [{"id": o["id"], "label": text(o.get("label")), "points": o.get("points")} for o in spec.options_for(q)],
            })
        parts.append({"id": part["id"], "title": text(part.get("title")), "questions": questions})
    scale = [{"level": s.get("level"), "label": text(s.get("label"))} for s in spec.level_scale]
    bands = [{"id": b.get("id"), "label": text(b.get("label"))} for b in spec.bands]
    return {
        "id": row.pk, "pack_id": row.pack_id, "version": row.version, "title": text(spec.title), "intro": text(spec.intro),
        "strategy": spec.strategy, "level_scale": scale, "bands": bands, "parts": parts,
    }
