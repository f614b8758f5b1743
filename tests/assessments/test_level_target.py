"""The level_target question type: autosave, the no-JS page form, validation messages, completion.

Uses the DX maturity pack (17 level_target items, levels 0–5); the engine itself knows nothing
about DX.
"""

import pytest
from django.urls import reverse

from dxnavi.assessments import services
from dxnavi.assessments.domain.questions import InvalidAnswer, LevelTarget, get_type
from dxnavi.assessments.models import Answer
from tests.assessments.helpers import member_access
from tests.dxdiag.helpers import MATURITY_PACK, draft, level, load_packs, maturity_answers
from tests.factories import CompanyFactory, member

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def company(db):
    load_packs()
    return CompanyFactory()


@pytest.fixture
def owner_client(client, company):
    client.force_login(member(company))
    return client


def _fields(qid="DM01", current="", target="", evidence="", action=""):
    return {
        "question": qid,
        f"q-{qid}-current": current,
        f"q-{qid}-target": target,
        f"q-{qid}-evidence": evidence,
        f"q-{qid}-action": action,
    }


def _rows(assessment):
    return {a.question_id: (a.option_id, a.value, a.is_complete) for a in Answer.objects.filter(assessment=assessment)}


def _answer_url(assessment):
    return reverse("assessments:answer", args=[assessment.company_id, assessment.pk])


def test_level_autosave_saves_whole_question(owner_client, company):
    d = draft(company, MATURITY_PACK)
    response = owner_client.post(_answer_url(d), _fields(current="1", target="3", evidence="日報は紙", action="来月から表計算へ"), **HX)
    assert response.status_code == 200
    assert "保存しました" in response.content.decode()
    assert "17問中 1問に回答済み" in response.content.decode()
    assert _rows(d) == {"DM01": ("", level(1, 3, "日報は紙", "来月から表計算へ"), True)}


def test_level_autosave_keeps_half_answer_without_counting_it(owner_client, company):
    d = draft(company, MATURITY_PACK)
    response = owner_client.post(_answer_url(d), _fields(current="2"), **HX)
    assert response.status_code == 200
    assert "17問中 0問に回答済み" in response.content.decode()
    assert _rows(d) == {"DM01": ("", level(2, None), False)}
    assert services.draft_for(company, MATURITY_PACK).answered_count == 0
    owner_client.post(_answer_url(d), _fields(current="2", target="4"), **HX)
    assert _rows(d) == {"DM01": ("", level(2, 4), True)}
    assert services.draft_for(company, MATURITY_PACK).answered_count == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        (_fields(current="7", target="3"), "質問1の現在のレベルは、0〜5から選んでください。"),
        (_fields(current="1", target="x"), "質問1の3年後の目標は、0〜5から選んでください。"),
        (_fields(current="3", target="2"), "質問1の3年後の目標は、現在のレベル（3）より低くできません。目標を選び直してください。"),
        (_fields(current="1", target="2", evidence="あ" * 1001), "質問1の根拠は、1000文字以内で書いてください。"),
        (_fields(current="1", target="2", action="a" * 1001), "質問1の次にやることは、1000文字以内で書いてください。"),
        (_fields(qid="DM99", current="1", target="2"), "この質問はこの診断にありません。ページを読み込み直してください。"),
    ],
    ids=["current_out_of_range", "target_not_a_number", "target_below_current", "evidence_too_long", "action_too_long", "unknown_question"],
)
def test_level_autosave_rejects_bad_input_with_400_and_writes_nothing(owner_client, company, fields, message):
    d = draft(company, MATURITY_PACK, {"DM01": level(1, 2, "前の根拠")})
    response = owner_client.post(_answer_url(d), fields, **HX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _rows(d) == {"DM01": ("", level(1, 2, "前の根拠"), True)}


def test_level_autosave_names_the_question_by_its_number(owner_client, company):
    d = draft(company, MATURITY_PACK)
    response = owner_client.post(_answer_url(d), _fields(qid="DM12", current="4", target="1"), **HX)
    assert "質問12の3年後の目標は、現在のレベル（4）より低くできません。" in response.content.decode()


def test_level_part_page_renders_levels_texts_and_autosave(owner_client, company):
    d = draft(company, MATURITY_PACK, {"DM01": level(2, 4, "方針は社長の頭の中", "幹部で話し合う")})
    body = owner_client.get(reverse("assessments:part", args=[company.pk, d.pk, "vision"])).content.decode()
    assert body.count('class="question card level-question"') == 2
    assert body.count('type="radio" name="q-DM01-current"') == 6 and body.count('type="radio" name="q-DM01-target"') == 6
    assert 'name="q-DM01-current" value="2" checked' in body and 'name="q-DM01-target" value="4" checked' in body
    assert ">方針は社長の頭の中</textarea>" in body and ">幹部で話し合う</textarea>" in body
    assert f'hx-post="{_answer_url(d)}" hx-trigger="change" hx-params="*"' in body
    assert "<legend>現在のレベル</legend>" in body and "<legend>3年後の目標</legend>" in body
    assert "レベルの意味" in body and "2 一部で戦略的" in body
    assert "ステップ 1/7" in body


def test_level_part_submit_without_js_saves_page(owner_client, company):
    d = draft(company, MATURITY_PACK)
    data = {
        "q-DM01-current": "1", "q-DM01-target": "3", "q-DM01-evidence": "", "q-DM01-action": "",
        "q-DM02-current": "", "q-DM02-target": "", "q-DM02-evidence": "", "q-DM02-action": "", "nav": "next",
    }  # fmt: skip
    response = owner_client.post(reverse("assessments:part", args=[company.pk, d.pk, "vision"]), data)
    assert response["Location"] == reverse("assessments:part", args=[company.pk, d.pk, "strategy"])
    assert _rows(d) == {"DM01": ("", level(1, 3), True)}  # the untouched DM02 is not written


def test_level_part_submit_with_bad_level_writes_nothing_and_keeps_typed_text(owner_client, company):
    d = draft(company, MATURITY_PACK)
    data = {
        "q-DM01-current": "1", "q-DM01-target": "3", "q-DM01-evidence": "書いた根拠", "q-DM01-action": "",
        "q-DM02-current": "4", "q-DM02-target": "2", "q-DM02-evidence": "", "q-DM02-action": "", "nav": "next",
    }  # fmt: skip
    response = owner_client.post(reverse("assessments:part", args=[company.pk, d.pk, "vision"]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "質問2の3年後の目標は、現在のレベル（4）より低くできません。" in body
    assert ">書いた根拠</textarea>" in body and 'name="q-DM02-current" value="4" checked' in body
    assert _rows(d) == {}


def test_level_completion_needs_current_and_target_of_every_item(company):
    answers = maturity_answers()
    answers["DM05"] = level(2, None)
    del answers["DM17"]
    d = draft(company, MATURITY_PACK, answers)
    with pytest.raises(services.IncompleteError) as error:
        services.complete(d, None, member_access(company))
    assert error.value.missing == [5, 17]
    assert services.first_open_part(d) == "strategy"


def test_level_answers_of_returns_dicts_and_option_ids(company):
    d = draft(company, MATURITY_PACK, {"DM03": level(0, 1)})
    assert services.answers_of(d) == {"DM03": level(0, 1)}


def test_level_service_refuses_wrong_value_shapes(company):
    d = draft(company, MATURITY_PACK)
    with pytest.raises(services.AnswerError) as error:
        services.save_answers(d, {"DM01": "yes"}, None, member_access(company))
    assert error.value.messages == ["質問1の回答を読み取れませんでした。ページを読み込み直してください。"]
    with pytest.raises(services.AnswerError):
        services.save_answers(d, {"DM01": {"current": True, "target": 2, "evidence": "", "action": ""}}, None, member_access(company))
    assert _rows(d) == {}


def test_choice_service_refuses_a_dict(db):
    from tests.assessments.helpers import draft_with, load_pack

    load_pack()
    company = CompanyFactory()
    d = draft_with(company)
    with pytest.raises(services.AnswerError) as error:
        services.save_answers(d, {"SC01": level(1, 2)}, None, member_access(company))
    assert error.value.messages == ["質問1は、表示されている選択肢から選んでください。"]


# --- the type on its own -----------------------------------------------------------------------


class _Spec:
    levels = [0, 1, 2, 3, 4, 5]


def test_level_type_parse_strips_and_converts():
    value = LevelTarget().parse(_Spec(), {"number": 1}, {"current": " 2 ", "target": "5", "evidence": "  根拠 ", "action": ""})
    assert value == {"current": 2, "target": 5, "evidence": "根拠", "action": ""}


@pytest.mark.parametrize(
    "raw, code",
    [
        ({"current": "-1", "target": ""}, "invalid_current"),
        ({"current": "1.5", "target": ""}, "invalid_current"),
        ({"current": "", "target": "6"}, "invalid_target"),
        ({"current": "5", "target": "0"}, "target_below_current"),
    ],
)
def test_level_type_parse_errors(raw, code):
    with pytest.raises(InvalidAnswer) as error:
        LevelTarget().parse(_Spec(), {"number": 1}, {"evidence": "", "action": "", **raw})
    assert error.value.code == code


def test_question_type_defaults_to_choice_and_unknown_type_raises():
    assert get_type({"id": "Q"}).name == "choice"
    with pytest.raises(KeyError):
        get_type({"id": "Q", "type": "slider"})
