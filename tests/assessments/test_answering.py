"""Answering: start/resume, htmx autosave, the no-JS submit, completion, adviser on behalf."""

import pytest
from django.urls import reverse

from dxnavi.assessments import services
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.orgs.models import AuditEvent
from tests.assessments.helpers import PACK_ID, adviser_access, all_answers, draft_with, member_access
from tests.factories import CompanyFactory, member

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner_client(client, world, pack):
    client.force_login(world["owner"])
    return client


def _answers(assessment):
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_id", "option_id"))


def test_start_page_shows_intro_and_start_button(owner_client, world):
    response = owner_client.get(reverse("assessments:start", args=[world["company"].pk, PACK_ID]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "情報セキュリティ自社診断（25項目）" in body
    assert "診断を始める" in body
    assert Assessment.objects.count() == 0  # a GET creates nothing


def test_start_post_creates_draft_and_redirects_to_first_part(owner_client, world, pack):
    company = world["company"]
    response = owner_client.post(reverse("assessments:start", args=[company.pk, PACK_ID]))
    draft = Assessment.objects.get()
    assert (draft.company, draft.pack, draft.status) == (company, pack, "draft")
    assert response["Location"] == reverse("assessments:part", args=[company.pk, draft.pk, "basic"])


def test_start_resumes_existing_draft_at_first_open_part(owner_client, world):
    company = world["company"]
    draft = draft_with(company, {f"SC{n:02d}": "yes" for n in range(1, 8)})
    response = owner_client.post(reverse("assessments:start", args=[company.pk, PACK_ID]))
    assert Assessment.objects.count() == 1
    assert response["Location"] == reverse("assessments:part", args=[company.pk, draft.pk, "employee"])
    page = owner_client.get(response["Location"])
    body = page.content.decode()
    assert "ステップ 2/3" in body
    assert "25問中 7問に回答済み" in body
    assert 'value="yes" checked' in body  # SC06, SC07 keep their saved answers


def test_start_or_resume_returns_same_draft(pack):
    company = CompanyFactory()
    first = services.start_or_resume(company, PACK_ID, None, member_access(company))
    second = services.start_or_resume(company, PACK_ID, None, member_access(company))
    assert first.pk == second.pk


def test_start_unknown_pack_is_404(owner_client, world):
    assert owner_client.get(reverse("assessments:start", args=[world["company"].pk, "no_such_pack"])).status_code == 404


def test_answer_autosave_saves_and_returns_partial(owner_client, world):
    draft = draft_with(world["company"])
    url = reverse("assessments:answer", args=[world["company"].pk, draft.pk])
    response = owner_client.post(url, {"question": "SC03", "option": "partial"}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "保存しました" in body
    assert 'id="answered-count"' in body and 'hx-swap-oob="true"' in body
    assert "<html" not in body  # a partial, not a page
    assert _answers(draft) == {"SC03": "partial"}
    owner_client.post(url, {"question": "SC03", "option": "no"}, **HX)
    assert _answers(draft) == {"SC03": "no"}  # changing an answer overwrites it


@pytest.mark.parametrize(
    "data, message",
    [
        ({"question": "SC99", "option": "yes"}, "この質問はこの診断にありません。ページを読み込み直してください。"),
        ({"question": "SC03", "option": "maybe"}, "質問3は、表示されている選択肢から選んでください。"),
        ({"question": "SC03"}, "回答を選んでください。"),
    ],
    ids=["unknown_question", "unknown_option", "missing_option"],
)
def test_answer_autosave_rejects_bad_input_with_400_and_writes_nothing(owner_client, world, data, message):
    draft = draft_with(world["company"], {"SC01": "yes"})
    response = owner_client.post(reverse("assessments:answer", args=[world["company"].pk, draft.pk]), data, **HX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _answers(draft) == {"SC01": "yes"}


def test_answer_autosave_refused_on_completed_assessment(owner_client, world):
    draft = draft_with(world["company"], all_answers("yes"))
    done = services.complete(draft, world["owner"], member_access(world["company"]))
    response = owner_client.post(
        reverse("assessments:answer", args=[world["company"].pk, done.pk]), {"question": "SC01", "option": "no"}, **HX
    )
    assert response.status_code == 400
    assert "すでに完了" in response.content.decode()
    assert _answers(done)["SC01"] == "yes"


def test_answer_autosave_get_not_allowed(owner_client, world):
    draft = draft_with(world["company"])
    assert owner_client.get(reverse("assessments:answer", args=[world["company"].pk, draft.pk])).status_code == 405


def test_part_page_has_fieldsets_legends_and_autosave_attributes(owner_client, world):
    draft = draft_with(world["company"])
    body = owner_client.get(reverse("assessments:part", args=[world["company"].pk, draft.pk, "basic"])).content.decode()
    assert body.count("<fieldset") == 5 and body.count("<legend>") == 5
    assert body.count('<label class="choice">') == 20  # labels wrap the radios: the whole row is the tap target
    assert f'hx-post="{reverse("assessments:answer", args=[world["company"].pk, draft.pk])}"' in body
    assert "ステップ 1/3" in body and "保存して次へ進む" in body


def test_part_submit_without_js_saves_and_moves_on(owner_client, world):
    company = world["company"]
    draft = draft_with(company)
    data = {f"q-SC0{n}": "yes" for n in range(1, 6)} | {"nav": "next"}
    response = owner_client.post(reverse("assessments:part", args=[company.pk, draft.pk, "basic"]), data)
    assert response["Location"] == reverse("assessments:part", args=[company.pk, draft.pk, "employee"])
    assert _answers(draft) == {f"SC0{n}": "yes" for n in range(1, 6)}
    back = owner_client.post(reverse("assessments:part", args=[company.pk, draft.pk, "employee"]), {"nav": "prev"})
    assert back["Location"] == reverse("assessments:part", args=[company.pk, draft.pk, "basic"])


def test_part_submit_with_invalid_option_writes_nothing(owner_client, world):
    company = world["company"]
    draft = draft_with(company)
    data = {"q-SC01": "yes", "q-SC02": "bogus", "nav": "next"}
    response = owner_client.post(reverse("assessments:part", args=[company.pk, draft.pk, "basic"]), data)
    assert response.status_code == 400
    assert "質問2は、表示されている選択肢から選んでください。" in response.content.decode()
    assert _answers(draft) == {}


def test_part_unknown_part_is_404(owner_client, world):
    draft = draft_with(world["company"])
    assert owner_client.get(reverse("assessments:part", args=[world["company"].pk, draft.pk, "nope"])).status_code == 404


def test_complete_refused_lists_unanswered_numbers(owner_client, world):
    company = world["company"]
    answers = all_answers("yes")
    for qid in ("SC04", "SC12", "SC25"):
        del answers[qid]
    draft = draft_with(company, answers)
    response = owner_client.post(reverse("assessments:complete", args=[company.pk, draft.pk]), follow=True)
    body = response.content.decode()
    assert "すべての質問に答えると診断を完了できます。まだ答えていない質問：4、12、25" in body
    assert response.redirect_chain[0][0] == reverse("assessments:part", args=[company.pk, draft.pk, "basic"])
    draft.refresh_from_db()
    assert (draft.status, draft.total_score, draft.completed_at, draft.is_latest) == ("draft", None, None, False)


def test_complete_service_raises_with_missing_numbers(pack):
    company = CompanyFactory()
    draft = draft_with(company, {"SC01": "yes"})
    with pytest.raises(services.IncompleteError) as error:
        services.complete(draft, None, member_access(company))
    assert error.value.missing == list(range(2, 26))


def test_finish_button_completes_and_shows_result(owner_client, world):
    company = world["company"]
    answers = all_answers("partial")
    del answers["SC25"]
    draft = draft_with(company, answers)
    response = owner_client.post(
        reverse("assessments:part", args=[company.pk, draft.pk, "organization"]), {"q-SC25": "yes", "nav": "finish"}
    )
    assert response["Location"] == reverse("assessments:result", args=[company.pk, draft.pk])
    draft.refresh_from_db()
    assert (draft.status, draft.total_score, draft.band_id, draft.is_latest) == ("completed", 52, "insufficient", True)
    assert (draft.industry_major, draft.size_band, draft.prefecture) == ("E", "6-20", "13")


def test_complete_twice_is_harmless(pack):
    company = CompanyFactory()
    draft = draft_with(company, all_answers("yes"))
    first = services.complete(draft, None, member_access(company))
    second = services.complete(draft, None, member_access(company))
    assert (first.pk, second.pk, second.completed_at) == (draft.pk, draft.pk, first.completed_at)


def test_completed_part_page_redirects_to_result(owner_client, world):
    company = world["company"]
    draft = draft_with(company, all_answers("yes"))
    services.complete(draft, world["owner"], member_access(company))
    response = owner_client.get(reverse("assessments:part", args=[company.pk, draft.pk, "basic"]))
    assert response["Location"] == reverse("assessments:result", args=[company.pk, draft.pk])


def test_adviser_filled_assessment_records_answered_by_and_on_behalf_org(client, world, pack):
    company, adviser, org = world["company"], world["linked_adviser"], world["linked_org"]
    client.force_login(adviser)
    client.post(reverse("assessments:start", args=[company.pk, PACK_ID]))
    draft = Assessment.objects.get(company=company)
    before = AuditEvent.objects.filter(company=company).count()
    client.post(reverse("assessments:answer", args=[company.pk, draft.pk]), {"question": "SC01", "option": "yes"}, **HX)
    assert AuditEvent.objects.filter(company=company).count() == before + 1  # one per adviser request
    answer = Answer.objects.get(assessment=draft, question_id="SC01")
    assert (answer.answered_by, answer.on_behalf_org) == (adviser, org)
    services.save_answers(draft, all_answers("yes"), adviser, adviser_access(company, org))
    client.post(reverse("assessments:complete", args=[company.pk, draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.answered_by, draft.on_behalf_org) == ("completed", adviser, org)
    result = client.get(reverse("assessments:result", args=[company.pk, draft.pk])).content.decode()
    assert f"（{org.name}）が会社に代わって回答" in result
    history = client.get(reverse("assessments:history", args=[company.pk, PACK_ID])).content.decode()
    assert f"{org.name}の支援者として会社に代わって回答" in history


def test_member_completion_records_no_adviser_org(pack):
    company = CompanyFactory()
    user = member(company)
    draft = draft_with(company, all_answers("no"), user=user)
    done = services.complete(draft, user, member_access(company))
    assert (done.answered_by, done.on_behalf_org, done.total_score) == (user, None, 0)


def test_viewer_member_cannot_answer(client, pack):
    company = CompanyFactory()
    viewer = member(company, role="viewer")
    draft = draft_with(company)
    client.force_login(viewer)
    response = client.post(reverse("assessments:answer", args=[company.pk, draft.pk]), {"question": "SC01", "option": "yes"})
    assert response.status_code == 403
    assert client.post(reverse("assessments:start", args=[company.pk, PACK_ID])).status_code == 403
    assert _answers(draft) == {}


def test_other_companys_assessment_id_is_404(client, world, pack):
    other = CompanyFactory()
    foreign = draft_with(other, {"SC01": "yes"})
    client.force_login(world["owner"])
    url = reverse("assessments:answer", args=[world["company"].pk, foreign.pk])
    assert client.post(url, {"question": "SC01", "option": "no"}, **HX).status_code == 404
    assert client.get(reverse("assessments:part", args=[world["company"].pk, foreign.pk, "basic"])).status_code == 404
    assert _answers(foreign) == {"SC01": "yes"}


def test_latest_flag_moves_to_newest_completion(pack):
    company = CompanyFactory()
    first = services.complete(draft_with(company, all_answers("no")), None, member_access(company))
    second = services.complete(draft_with(company, all_answers("yes")), None, member_access(company))
    first.refresh_from_db()
    assert (first.is_latest, second.is_latest) == (False, True)
    assert services.latest_completed(company, PACK_ID).pk == second.pk
