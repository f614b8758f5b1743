"""The generative-AI checklist: the page, saving answers, the actions of items answered 「まだ」, rights, isolation."""

from django.urls import reverse

from dxnavi.actions import services as action_services
from dxnavi.actions.models import Action
from dxnavi.knowledge import action_source
from dxnavi.knowledge.models import GenAIAnswer
from dxnavi.orgs.models import DataStamp
from tests.factories import CompanyFactory, UserFactory, member


def _owner(company):
    user = UserFactory()
    member(company, user=user)
    return user


def _url(company):
    return reverse("knowledge:genai", args=[company.pk])


def test_genai_page_shows_cautions_items_and_answers(client, db, library, django_assert_max_num_queries):
    company = CompanyFactory()
    client.force_login(_owner(company))
    GenAIAnswer.objects.create(company=company, item_id="GA01", value="no")
    with django_assert_max_num_queries(8):
        html = client.get(_url(company)).content.decode()
    assert ("情報漏えい" in html, "権利侵害" in html) == (True, True)
    assert '<input type="radio" name="item-GA01" value="no" checked>' in html
    assert '<input type="radio" name="item-GA02" value="yes">' in html
    assert "入力禁止の例を挙げた短いルールを作りましょう。" in html  # the advice of the item answered 「まだ」
    assert "公開前に似た作品がないか調べましょう。" not in html
    assert html.count(f'href="{reverse("knowledge:article", args=["ai_rules"])}"') == 2


def test_genai_post_saves_answers_bumps_stamp_and_lists_actions(client, db, library, django_capture_on_commit_callbacks):
    company = CompanyFactory()
    client.force_login(_owner(company))
    before = DataStamp.objects.filter(company_id=company.pk).values_list("value", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(company), {"item-GA01": "no", "item-GA02": "na"})
    assert (response.status_code, response["Location"]) == (302, _url(company))
    assert dict(GenAIAnswer.objects.filter(company=company).values_list("item_id", "value")) == {"GA01": "no", "GA02": "na"}
    assert DataStamp.objects.filter(company_id=company.pk).values_list("value", flat=True).get() > before
    action = Action.objects.get(company=company, origin="genai")
    assert (action.key, action.title["ja"], action.detail["ja"], action.link) == (
        "genai:GA01", "入力してはいけない情報を決め、全員に伝える", "入力禁止の例を挙げた短いルールを作りましょう。",
        f"{_url(company)}#item-GA01",
    )  # fmt: skip


def test_genai_answered_yes_resolves_the_action(client, db, library, django_capture_on_commit_callbacks):
    company = CompanyFactory()
    client.force_login(_owner(company))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(company), {"item-GA01": "no"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(company), {"item-GA01": "yes"})
    action = Action.objects.get(company=company, key="genai:GA01")
    assert (action.status, action.source_present) == (Action.Status.DONE, False)


def test_genai_post_invalid_value_writes_nothing(client, db, library):
    company = CompanyFactory()
    client.force_login(_owner(company))
    response = client.post(_url(company), {"item-GA01": "no", "item-GA02": "maybe"})
    assert response.status_code == 200
    assert "生成した画像の権利を確認している" in response.content.decode()
    assert GenAIAnswer.objects.filter(company=company).count() == 0


def test_genai_viewer_reads_but_post_is_403(client, db, library):
    company = CompanyFactory()
    viewer = UserFactory()
    member(company, user=viewer, role="viewer")
    GenAIAnswer.objects.create(company=company, item_id="GA02", value="yes")
    client.force_login(viewer)
    html = client.get(_url(company)).content.decode()
    assert ('type="radio"' in html, "導入済み" in html or "できている" in html or "In place" in html) == (False, True)
    assert client.post(_url(company), {"item-GA01": "no"}).status_code == 403
    assert GenAIAnswer.objects.filter(company=company).count() == 1


def test_genai_other_company_is_404_on_get_and_post(client, db, library):
    company, other = CompanyFactory(), CompanyFactory()
    client.force_login(_owner(other))
    assert (client.get(_url(company)).status_code, client.post(_url(company), {"item-GA01": "no"}).status_code) == (404, 404)
    assert GenAIAnswer.objects.count() == 0


def test_collect_is_one_query_and_lists_only_no_answers(db, library, django_assert_num_queries):
    company = CompanyFactory()
    GenAIAnswer.objects.create(company=company, item_id="GA01", value="yes")
    GenAIAnswer.objects.create(company=company, item_id="GA02", value="no")
    GenAIAnswer.objects.create(company=CompanyFactory(), item_id="GA01", value="no")
    with django_assert_num_queries(1):
        keys = [c.key for c in action_source.collect(company)]
    assert keys == ["genai:GA02"]


def test_regenerate_links_genai_action_to_its_article(db, library):
    from dxnavi.knowledge import links

    company = CompanyFactory()
    GenAIAnswer.objects.create(company=company, item_id="GA01", value="no")
    action_services.regenerate(company)
    key = Action.objects.get(company=company, origin="genai").key
    assert links.action_url(key) == reverse("knowledge:article", args=["ai_rules"])


def test_todo_turns_a_state_into_a_to_do():
    texts = ("規程を整備している", "必ず人が確かめてから出している", "設定を選んでいる（またはプランを使っている）", "決めてある", "注意点")
    assert [action_source.todo({"ja": ja, "en": "x"})["ja"] for ja in texts] == [
        "規程を整備する", "必ず人が確かめてから出す", "設定を選ぶ（またはプランを使う）", "決めておく", "生成AIの利用：注意点",
    ]  # fmt: skip
